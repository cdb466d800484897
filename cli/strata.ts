import type * as Strata from '../src/index';

/**
 * The package's public API, loaded on first use: `orm --help` and bad usage never pay for loading knex,
 * the drivers and the compiler.
 */
export function strata(): typeof Strata {
  return require('../src/index') as typeof Strata;
}

/** The TypeScript loader (the package's `strata-orm/loader` entry point), loaded on first use. */
export function loader(): typeof import('../src/config/ts-loader') {
  return require('../src/config/ts-loader') as typeof import('../src/config/ts-loader');
}

export type { Strata };
