import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFIG, NOTE_ENTITY, type OrmResult, STACK_LINE, TestProject, TSCONFIG } from '../helpers/cli';
import { SilentServer } from '../helpers/silent-server';

const MIGRATION = `export async function up(): Promise<void> {}\nexport async function down(): Promise<void> {}\n`;

describe('a database server that accepts the connection and never answers', () => {
  let server: SilentServer;
  let project: TestProject;
  beforeAll(async () => {
    server = await SilentServer.start();
    project = TestProject.create(server.url, { 'orm.config.ts': CONFIG, 'tsconfig.json': TSCONFIG, 'entities/note.ts': NOTE_ENTITY, 'migrations/.gitkeep': '' });
  });
  afterAll(async () => {
    project.cleanup();
    await server.close();
  });

  const timed = async (args: string[]): Promise<OrmResult & { ms: number }> => {
    const started = Date.now();
    const result = await project.orm(args);
    return { ...result, ms: Date.now() - started };
  };

  it.each([['db:migrate'], ['migrate:status'], ['migrate:generate', '--name', 'x'], ['db:migrate:undo:all']])(
    '%s exits 2 within --connect-timeout, naming the URL with its password hidden', async (...args) => {
      const result = await timed([...args, '--connect-timeout', '1']);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^Error: Cannot connect to postgres:\/\/app:\*\*\*@127\.0\.0\.1:\d+\/app: no answer within 1 s\. Is a database server listening at that host and port/);
      expect(result.stderr).not.toContain('hunter2');
      expect(result.stderr).not.toMatch(STACK_LINE);
      expect(result.ms).toBeLessThan(6000);
    },
  );

  it('takes the connect timeout from the config file', async () => {
    project.write('orm.config.ts', CONFIG.replace('entities:', 'connectTimeoutMs: 1500,\n  entities:'));
    try {
      const result = await timed(['db:migrate']);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/no answer within 1\.5 s/);
      expect(result.ms).toBeLessThan(6500);
    } finally {
      project.write('orm.config.ts', CONFIG);
    }
  });
});

describe('output to a pipe whose reader has gone', () => {
  it('ends quietly, with the command run to the end and its own exit code', async () => {
    const project = TestProject.create(`sqlite:${join(mkdtempSync(join(tmpdir(), 'strata-pipe-')), 'app.sqlite3')}`, { 'orm.config.ts': CONFIG, 'tsconfig.json': TSCONFIG, 'entities/note.ts': NOTE_ENTITY });
    try {
      for (let i = 10; i < 40; i++) project.write(`migrations/202601010000${i}-m${i}.ts`, MIGRATION);
      const closedPipe = (args: string[]): Promise<{ code: number | null; stderr: string }> => new Promise((resolve) => {
        const child = project.spawn(args);
        child.stdout!.destroy(); // like `| head -0`: the reader is gone before the first line
        let stderr = '';
        child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
        child.on('close', (code) => resolve({ code, stderr }));
      });
      expect(await closedPipe(['db:migrate'])).toEqual({ code: 0, stderr: '' });
      expect(await closedPipe(['migrate:status'])).toEqual({ code: 1, stderr: '' });
      expect(await closedPipe(['migrate:status', '--json'])).toEqual({ code: 1, stderr: '' });
      expect(project.json(await project.orm(['migrate:status', '--json']))).toMatchObject({ pending: [] });
    } finally {
      project.cleanup();
    }
  });
});
