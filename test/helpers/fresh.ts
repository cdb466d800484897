import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/**
 * The package as a user gets it: `npm pack` (which must build it) installed from the tarball into projects
 * outside this repository. Packing and installing take a minute or two, so each happens once per test run, by
 * the first worker that asks, under a lock in the directory jest's globalSetup made (STRATA_FRESH_DIR); the
 * other workers wait for it. A template is installed when a test first asks for it; projects link its
 * node_modules instead of installing again.
 *
 * Templates:
 * - `bare`: the tarball alone, as `npm install strata-orm` leaves a project (no database driver: they are
 *   optional peer dependencies);
 * - `full`: the tarball with the drivers (pg, sqlite3, mysql2), TypeScript 5 (`typescript`) and the latest (`typescript-latest`),
 *   and @types/node;
 * - `runners`: the tarball with the drivers, TypeScript 5, @types/node, and the test and script runners of
 *   docs/test-runners.md (jest with ts-jest and @swc/jest, vitest 3 with Vite 7 and unplugin-swc, tsx).
 */
const ROOT = resolve(__dirname, '../..');
const WAIT_MS = 20 * 60_000;

export type Template = 'bare' | 'full' | 'runners';

const TEMPLATES: Record<Template, readonly string[]> = {
  bare: [],
  full: ['pg@^8', 'sqlite3@^6', 'mysql2@^3', 'typescript@~5.9', 'typescript-latest@npm:typescript@latest', '@types/node@^20'],
  runners: [
    'pg@^8', 'sqlite3@^6', 'mysql2@^3', 'typescript@~5.9', '@types/node@^20', '@swc/core',
    'jest@^30', 'ts-jest@^29', '@swc/jest', 'vitest@^3', 'vite@^7', 'unplugin-swc', 'tsx@^4',
  ],
};

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The shared directory and the packed tarball (waiting for another worker if it packs it). */
export function freshPackage(): { dir: string; tarball: string } {
  const dir = process.env.STRATA_FRESH_DIR;
  if (!dir) throw new Error('STRATA_FRESH_DIR is not set: run the fresh-project tests through jest (jest.config.js sets it in globalSetup).');
  return once(dir, 'package', () => {
    const packed = run('npm', ['pack', '--pack-destination', dir, '--json'], ROOT);
    return { dir, tarball: join(dir, (JSON.parse(packed) as { filename: string }[])[0]!.filename) };
  });
}

/** A template's directory, installed from the tarball on first use (by this worker or another). */
function installedTemplate(template: Template): string {
  const { dir, tarball } = freshPackage();
  return once(dir, `template-${template}`, () => {
    const path = join(dir, template);
    mkdirSync(path);
    writeFileSync(join(path, 'package.json'), JSON.stringify({ name: `fresh-${template}`, version: '1.0.0', private: true }));
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball, ...TEMPLATES[template]], path);
    return path;
  });
}

/** Makes a value once per run, under a lock in `dir`: the first worker makes it, the others wait and read it. */
function once<T>(dir: string, name: string, make: () => T): T {
  const ready = join(dir, `${name}.ready.json`);
  const failed = join(dir, `${name}.failed.txt`);
  let building = false;
  try {
    mkdirSync(join(dir, `${name}.lock`));
    building = true;
  } catch {
    // Another worker builds; wait for it below.
  }
  if (building) {
    try {
      writeFileSync(ready, JSON.stringify(make()));
    } catch (error) {
      writeFileSync(failed, (error as Error).message);
      throw error;
    }
  }
  const started = Date.now();
  while (!existsSync(ready)) {
    if (existsSync(failed)) throw new Error(`Preparing ${name} failed in another worker: ${readFileSync(failed, 'utf8')}`);
    if (Date.now() - started > WAIT_MS) throw new Error(`Timed out waiting for ${name} in ${dir}.`);
    spawnSync('sleep', ['1']);
  }
  return JSON.parse(readFileSync(ready, 'utf8')) as T;
}

function run(command: string, args: readonly string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, npm_config_update_notifier: 'false' } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed in ${cwd} (exit ${result.status}):\n${result.stderr}\n${result.stdout}`);
  return result.stdout;
}

/**
 * A new project outside the repository, its node_modules linked to a template's: `package.json` (CommonJS
 * unless `type: 'module'`), and the files given.
 */
export class FreshProject {
  private constructor(readonly dir: string) {}

  static create(template: Template, options: { type?: 'module' | 'commonjs'; files?: Record<string, string> } = {}): FreshProject {
    const installed = installedTemplate(template);
    const dir = mkdtempSync(join(tmpdir(), 'strata-user-'));
    symlinkSync(join(installed, 'node_modules'), join(dir, 'node_modules'), 'dir');
    const project = new FreshProject(dir);
    project.write('package.json', JSON.stringify({ name: 'app', version: '1.0.0', private: true, ...(options.type ? { type: options.type } : {}) }, null, 2));
    for (const [path, text] of Object.entries(options.files ?? {})) project.write(path, text);
    return project;
  }

  write(path: string, text: string): void {
    mkdirSync(dirname(join(this.dir, path)), { recursive: true });
    writeFileSync(join(this.dir, path), text);
  }

  read(path: string): string {
    return readFileSync(join(this.dir, path), 'utf8');
  }

  exists(path: string): boolean {
    return existsSync(join(this.dir, path));
  }

  list(path: string): string[] {
    return existsSync(join(this.dir, path)) ? readdirSync(join(this.dir, path)).sort() : [];
  }

  /** Runs a command in the project, as its user would from a shell; never rejects. */
  run(command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
    // Nothing of the test run leaks in: a user's shell has no JEST_WORKER_ID, which names jest in Strata's messages.
    const { DATABASE_URL: _url, NODE_OPTIONS: _options, JEST_WORKER_ID: _worker, ...inherited } = process.env;
    return new Promise((done) => {
      execFile(command, [...args], { cwd: this.dir, env: { ...inherited, NO_COLOR: '1', npm_config_update_notifier: 'false', ...env }, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
        done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      });
    });
  }

  /**
   * `npx --no -- orm …`: the project's own binary, never one fetched from the registry (`--` keeps flags such
   * as --help for orm; after `--no`, npx would take them as its own).
   */
  orm(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
    return this.run('npx', ['--no', '--', 'orm', ...args], env);
  }

  /** The project's TypeScript compiler: version 5 (`typescript`) or the latest (`typescript-latest`). */
  tsc(args: readonly string[], version: '5' | 'latest' = '5'): Promise<RunResult> {
    const pkg = version === '5' ? 'typescript' : 'typescript-latest';
    return this.run(process.execPath, [join(this.dir, 'node_modules', pkg, 'bin', 'tsc'), ...args]);
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
