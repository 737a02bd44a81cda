/**
 * desired/: what each cluster should hold. Render (the objects, in sync order), the copies of the
 * admin's objects, the dependents app configs need, and the one order table of a sync. It uses
 * placement/ to decide where things go; nothing in placement/ points back.
 */
export { Phase, PHASE_WEIGHT } from './order.js';
export { compareDesired, objectKey, type DesiredObject, type DesiredSource } from './object.js';
export { placedOn, renderCluster, renderObjects, type PlacedOn } from './render.js';
export { copyComponent, copyProject, copySecret, copyWrapper } from './copies.js';
export { listedSecrets, referencedComponents, referenceWarnings } from './dependents.js';
