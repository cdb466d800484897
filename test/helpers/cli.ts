import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
export const ORM_BIN = join(ROOT, 'dist/cli/main.js');

export interface OrmResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * A throwaway project in a temporary directory, with the package linked in as node_modules/strata-orm,
 * driven through the real `orm` binary (dist/cli/main.js, so build first: `npm test` does).
 */
export class TestProject {
  private constructor(readonly dir: string, readonly url: string) {}

  static create(url: string, files: Record<string, string> = {}): TestProject {
    if (!existsSync(ORM_BIN)) throw new Error(`${ORM_BIN} is missing: run \`npm run build\` first (npm test does).`);
    const dir = mkdtempSync(join(tmpdir(), 'strata-cli-'));
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(ROOT, join(dir, 'node_modules', 'strata-orm'), 'dir');
    const project = new TestProject(dir, url);
    for (const [path, text] of Object.entries(files)) project.write(path, text);
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

  remove(path: string): void {
    rmSync(join(this.dir, path), { recursive: true, force: true });
  }

  /** The migration files, in order. */
  migrations(dir = 'migrations'): string[] {
    return existsSync(join(this.dir, dir)) ? readdirSync(join(this.dir, dir)).filter((f) => f.endsWith('.ts') || f.endsWith('.js')).sort() : [];
  }

  /** Runs `orm` with DATABASE_URL pointing at this project's database (on the Node.js `node`); never rejects. */
  orm(args: readonly string[], env: NodeJS.ProcessEnv = {}, node = process.execPath): Promise<OrmResult> {
    return new Promise((done) => {
      execFile(node, [ORM_BIN, ...args], { cwd: this.dir, env: this.env(env), maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
        done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      });
    });
  }

  /** Starts `orm` without waiting for it, for concurrency and crash tests. */
  spawn(args: readonly string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
    return spawn(process.execPath, [ORM_BIN, ...args], { cwd: this.dir, env: this.env(env), stdio: ['ignore', 'pipe', 'pipe'] });
  }

  /** Parses the JSON document of a --json run. */
  json(result: OrmResult): Record<string, unknown> {
    return JSON.parse(result.stdout) as Record<string, unknown>;
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private env(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
    const { DATABASE_URL: _drop, ...inherited } = process.env;
    return { ...inherited, DATABASE_URL: this.url, NO_COLOR: '1', ...extra };
  }
}

/** The usual config: entities/ and migrations/ next to it. */
export const CONFIG = `import { defineConfig } from 'strata-orm';

export default defineConfig({
  entities: ['entities/**/*.ts'],
  migrations: { dir: 'migrations' },
});
`;

/** The one entity of most CLI test projects, as the file entities/note.ts. */
export const NOTE_ENTITY = `import { Column, PrimaryKey, Table } from 'strata-orm';
@Table('notes')
export class Note {
  @PrimaryKey() id!: number;
  @Column() text!: string;
}
`;

export const TSCONFIG = JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, experimentalDecorators: true, emitDecoratorMetadata: true } });

/** A stack trace line, which error output must never contain without --verbose. */
export const STACK_LINE = /^\s+at .+\(.+:\d+:\d+\)$|^\s+at \/.+:\d+:\d+$/m;
