import type { Argv } from 'yargs';
import type { GlobalArgs } from './global-options';
import type { Output } from './output';

/** One CLI command: its yargs definition and what it does; `run` returns the exit code. */
export interface Command<A = object> {
  readonly command: string;
  readonly aliases?: readonly string[];
  readonly describe: string;
  readonly builder: (yargs: Argv<GlobalArgs>) => Argv<GlobalArgs & A>;
  readonly run: (args: GlobalArgs & A, output: Output) => Promise<number>;
}

export function defineCommand<A>(command: Command<A>): Command<A> {
  return command;
}
