/** The package version, injected at build time (tsup `define`); `0.0.0-dev` when run from source. */
declare const __VZMC_VERSION__: string | undefined;

/** The version `vzmc --version` prints. */
export const VERSION: string = typeof __VZMC_VERSION__ === 'string' ? __VZMC_VERSION__ : '0.0.0-dev';
