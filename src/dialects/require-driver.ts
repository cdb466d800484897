import { ConfigError } from '../config/errors';

/** What an engine says of a driver built into Node.js: the versions that have it, and the drivers to use instead. */
export interface BuiltinDriver {
  /** e.g. `22.13 or later`. */
  readonly nodeVersion: string;
  /** The other drivers, as the user would choose them. */
  readonly instead: string;
}

/**
 * Loads an engine's driver package before knex asks for it, so that a missing or unbuilt driver is one
 * paragraph naming the package and the command that fixes it, instead of knex's stack trace (which, for a
 * driver whose native module was never built, ends by advising to install what is already installed).
 * Drivers are optional peer dependencies: a PostgreSQL project never installs, or compiles, SQLite's. A driver
 * built into Node.js (`node:sqlite`) that this Node.js lacks is a message naming the version that has it.
 */
export function requireDriver(packageName: string, target: string, load: (id: string) => unknown = require, builtin?: BuiltinDriver): void {
  try {
    load(packageName);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (packageName.startsWith('node:')) {
      throw new ConfigError(
        `Connecting to ${target} with ${packageName} needs a Node.js that has that built-in module (${builtin?.nodeVersion ?? 'a later one'}; ` +
          `this is ${process.version}): upgrade Node.js, or choose another driver${builtin ? ` (${builtin.instead})` : ''}.`,
        { cause: error },
      );
    }
    if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' && message.startsWith(`Cannot find module '${packageName}'`)) {
      throw new ConfigError(
        `Connecting to ${target} needs the package ${packageName}, which is not installed. Run \`npm install ${packageName}\` ` +
          "in your project (Strata's database drivers are optional peer dependencies: install the one your database needs).",
        { cause: error },
      );
    }
    throw new ConfigError(
      `The package ${packageName} is installed but does not load (${message.split('\n')[0]!.trim()}), so Strata cannot connect to ${target}. ` +
        'Its native module is probably not built, because its install script did not run (npm 12 runs only the install scripts a project ' +
        'approved, pnpm 10 none, and --ignore-scripts skips them), or was built for another Node.js version: ' +
        `run \`npm approve-scripts ${packageName}\` (npm 11.16 or later), then \`npm rebuild ${packageName}\` (with pnpm, \`pnpm approve-builds\`, then \`pnpm rebuild ${packageName}\`).`,
      { cause: error },
    );
  }
}
