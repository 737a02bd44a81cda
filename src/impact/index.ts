/**
 * impact/: what a change to the admin's fleet does to every cluster, before it is applied: the
 * objects that appear, disappear or change, why (the placement gates whose outcome changed, or the
 * field paths), and what each agent's plan and delete guard do about them. Pure: two fleets in,
 * data out; text and markdown renderings of that data beside it.
 */
export { impactOf, fleetObjects, type ImpactOptions } from './impact.js';
export { changedPaths } from './paths.js';
export {
  formatImpact,
  formatImpactMarkdown,
  type FormatImpactMarkdownOptions,
  type FormatImpactOptions,
} from './format.js';
export * from './types.js';
