#!/usr/bin/env node
import yargs from 'yargs';
import { ignoreClosedPipes } from './closed-pipe';
import { COMMANDS } from './commands';
import { docsPath } from './docs-path';
import { EXIT } from './exit-codes';
import { reportFailure, UsageError } from './failure';
import { type GlobalArgs, globalOptions } from './global-options';
import { printLoaderWarnings } from './loader-warnings';
import { Output } from './output';

/** Runs the CLI on `argv` (without node and the script) and resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const wantsJson = argv.includes('--json');
  const colorOff = argv.includes('--no-color') || Boolean(process.env.NO_COLOR);
  const output = (args?: Partial<GlobalArgs>): Output => new Output(args?.json ?? wantsJson, !colorOff && args?.color !== false && Boolean(process.stdout.isTTY));
  let exitCode: number = EXIT.ok;

  const parser = globalOptions(yargs([...argv]))
    .scriptName('orm')
    .usage(`$0 <command> [options]\n\nStrata: migrations that write themselves. Docs: ${docsPath('cli.md')}`)
    .strict()
    .demandCommand(1, NO_COMMAND)
    .help()
    .alias('help', 'h')
    .version(require('../../package.json').version as string)
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    // Throwing stops yargs before any command runs, and lands in the catch below. What an option's coerce
    // throws arrives re-wrapped in a YError: it is bad usage too.
    .fail((message, error) => {
      if (error && error.name !== 'YError') throw error;
      // The options yargs knew where it failed: the command's own and the global ones (yargs's getOptions, untyped).
      const known = Object.keys((parser as unknown as { getOptions(): { key: Record<string, unknown> } }).getOptions().key);
      if (message === NO_COMMAND) {
        // A misspelt flag before the command takes the command as its value (`orm --jsn migrate:status`): named.
        const strays = argv.filter((a) => a.startsWith('--')).map((a) => a.slice(2).split('=')[0]!).filter((f) => f !== '' && !known.includes(f) && !(f.startsWith('no-') && known.includes(f.slice(3))));
        if (strays.length > 0) throw new UsageError(usageMessage(`Unknown argument${strays.length > 1 ? 's' : ''}: ${strays.join(', ')}`, argv, known));
        // With --json, stdout holds one JSON document, so no command is an error there.
        if (!wantsJson) throw new NoCommand();
      }
      throw new UsageError(usageMessage(message ?? error?.message, argv, known));
    })
    .epilogue('Exit codes: 0 success (and in sync), 1 a problem found (failed migration, drift, pending work), 2 bad usage or configuration.');

  for (const command of COMMANDS) {
    parser.command({
      command: command.command,
      aliases: command.aliases ? [...command.aliases] : undefined,
      describe: command.describe,
      builder: (y) => command.builder(y as never),
      handler: async (args) => {
        const out = output(args as GlobalArgs);
        const stopWarnings = printLoaderWarnings(out);
        try {
          exitCode = await command.run(args as never, out);
        } catch (error) {
          exitCode = reportFailure(error, out, (args as GlobalArgs).verbose);
        } finally {
          stopWarnings();
        }
      },
    });
  }

  try {
    await parser.parseAsync();
  } catch (error) {
    if (error instanceof NoCommand) {
      parser.showHelp((text) => process.stdout.write(`${text}\n`));
      return EXIT.ok;
    }
    return reportFailure(error, output(), argv.includes('--verbose'));
  }
  return exitCode;
}

/** yargs's text when no command is given: a bare `orm` prints the help instead of an error. */
const NO_COMMAND = 'Give a command.';

class NoCommand extends Error {}

/**
 * yargs's complaint, made one paragraph that says what to do; an unknown command, or a misspelt flag of the
 * command's (`flags`: the options yargs knew where it failed), gets a suggestion.
 */
function usageMessage(message: string | undefined, argv: readonly string[], flags: readonly string[]): string {
  // A command's name, without its positionals (`migrate:generate [migration-name..]`).
  const names = COMMANDS.flatMap((c) => [c.command, ...(c.aliases ?? [])]).map((n) => n.split(' ')[0]!);
  let text = (message ?? 'Invalid usage.').split('\n').map((l) => l.trim()).filter(Boolean).map((l) => l.replace(/([^.?!])$/, '$1.')).join(' ');
  // With no command named, the unknown word given as it is (not a flag's name, nor a flag's value) is the command.
  const unknown = /^Unknown arguments?: (.*?)\.?$/.exec(text)?.[1]?.split(', ') ?? [];
  const first = argv.some((a) => names.includes(a)) ? undefined : unknown.find((a) => argv.includes(a));
  if (first !== undefined) {
    const closest = names.map((n) => [n, distance(first, n)] as const).sort((a, b) => a[1] - b[1])[0]!;
    const suggestion = closest[1] <= 3 ? closest[0] : names.find((n) => n.split(':').includes(first));
    text = `Unknown command "${first}".${suggestion ? ` Did you mean ${suggestion}?` : ''}`;
  } else if (unknown.length > 0) {
    // Flags as written (`lock-timeout`), not yargs's camel-case twins (`lockTimeout`), which it reports beside them.
    const written = flags.filter((f) => f.length > 1 && !/[A-Z]/.test(f));
    const meant = new Set(unknown.flatMap((flag) => {
      const closest = written.map((f) => [f, distance(flag.toLowerCase(), f)] as const).sort((a, b) => a[1] - b[1])[0];
      return closest && closest[1] <= 2 ? [`--${closest[0]}`] : [];
    }));
    if (meant.size > 0) text += ` Did you mean ${[...meant].join(', ')}?`;
  }
  return `${text.replace(/([^.?])$/, '$1.')} Run \`orm --help\` for the commands, or \`orm <command> --help\` for a command's options.`;
}

/** Levenshtein distance, for suggesting a command. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

if (require.main === module) {
  ignoreClosedPipes(process.stdout, process.stderr);
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (error: unknown) => {
      process.stderr.write(`Error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = EXIT.problem;
    },
  );
}
