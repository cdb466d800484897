import type * as Strata from '../src/index';

/**
 * The package's public API, loaded on first use: `orm --help` and bad usage never pay for loading knex,
 * the drivers and the compiler.
 */
export function strata(): typeof Strata {
  return require('../src/index') as typeof Strata;
}

export type { Strata };
