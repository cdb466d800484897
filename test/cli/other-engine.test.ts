import { join } from 'node:path';
import { CONFIG, NOTE_ENTITY, TestProject } from '../helpers/cli';
import { describeEachDialect } from '../helpers/dialects';

// Migrations are written for the engine they were generated against. Most are plain knex builder calls that run on
// another engine too; when one does not, or when its snapshot cannot be compared, the output says which engine it
// was written for instead of leaving a syntax error or a refusal to explain itself.
describeEachDialect('migrations generated against SQLite, on another engine', (db, dialect) => {
  (dialect === 'sqlite' ? it.skip : it)('apply where they can, and a failure or a status says which engine they were written for', async () => {
    const project = TestProject.create(db().url, { 'orm.config.ts': CONFIG, 'entities/note.ts': NOTE_ENTITY });
    const onSqlite = { DATABASE_URL: `sqlite:${join(project.dir, 'generated.sqlite3')}` };
    const engine = { postgres: 'PostgreSQL', mysql: 'MariaDB/MySQL', sqlite: 'SQLite' }[dialect];
    try {
      expect((await project.orm(['migrate:generate', '--name', 'notes'], onSqlite)).code).toBe(0);
      const [first] = project.migrations().map((f) => f.replace(/\.ts$/, ''));
      const onItsEngine = await project.orm(['db:migrate'], onSqlite);
      expect([onItsEngine.code, onItsEngine.stderr]).toEqual([0, '']);
      // It runs, and says at once what the next migrate:status would find.
      const migrated = await project.orm(['db:migrate']);
      expect(migrated.code).toBe(0);
      expect(migrated.stderr).toBe(`Warning: ${first}: it was generated against SQLite, and this database is ${engine}: it ran, but what it made may differ from what ` +
        `the entities describe here; \`orm migrate:status\` says whether the schema is in sync. Generate this database's migrations against ${engine} (see docs/dialects.md).\n`);
      // The migrations are listed, and the snapshot, which describes SQLite's schema, is a problem as drift is.
      const status = await project.orm(['migrate:status']);
      expect([status.code, status.stderr]).toEqual([1, '']);
      expect(status.stdout).toContain(`applied  ${first}`);
      const snapshot = `Snapshot: the snapshot of ${first} was taken on SQLite, and this database is ${engine}: not compared, as a snapshot describes its own engine's schema. ` +
        `Generate this database's migrations against ${engine}, or point --url (or DATABASE_URL) at the engine they were generated against.`;
      expect(status.stdout).toContain(snapshot);
      const check = await project.orm(['migrate:check']);
      expect([check.code, check.stdout]).toEqual([1, expect.stringContaining(snapshot)]);
      expect(project.json(await project.orm(['migrate:check', '--json'])).snapshot).toMatchObject({ state: 'other-engine', migration: first });

      // Making a column nullable rebuilds the table on SQLite, in statements of SQLite's own.
      project.write('entities/note.ts', NOTE_ENTITY.replace('@Column() text!: string;', "@Column({ type: 'string', nullable: true }) text!: string | null;"));
      expect((await project.orm(['migrate:generate', '--name', 'nullable-text'], onSqlite)).code).toBe(0);
      const failed = await project.orm(['db:migrate']);
      expect(failed.code).toBe(1);
      expect(failed.stderr).toMatch(/^Error: Migration \d{14}-nullable-text failed \(up\) .* The error: .*\. It was generated against SQLite, and this database is /);
      expect(failed.stderr).toContain(`It was generated against SQLite, and this database is ${engine}: a migration is written in its engine's terms (statements written as SQL, ` +
        `the types of keys), which another engine may refuse. Generate this database's migrations against ${engine} (see docs/dialects.md), or fix the migration and run the command again.`);

      // Nothing is built on a snapshot of another engine: neither a new migration nor a squash.
      const refusal = `was generated against SQLite, and this project now uses ${engine}. Migrations and their snapshots are written for one engine`;
      const generated = await project.orm(['migrate:generate', '--name', 'more', '--offline']);
      expect([generated.code, generated.stderr]).toEqual([1, expect.stringContaining(refusal)]);
      const squashed = await project.orm(['migrate:squash', '--to', project.migrations()[1]!.replace(/\.ts$/, '')]);
      expect([squashed.code, squashed.stderr]).toEqual([1, expect.stringContaining(refusal)]);
    } finally {
      project.cleanup();
    }
  });

  (dialect === 'sqlite' ? it.skip : it)('says nothing of a file written by hand (make:migration), whose snapshot changes no schema', async () => {
    const project = TestProject.create(db().url, {
      'orm.config.ts': CONFIG.replace("dir: 'migrations'", "dir: 'migrations', tableName: 'hand_migrations'"),
      'entities/memo.ts': "import { Column, PrimaryKey, Table } from 'strata-orm';\n@Table('hand_memos')\nexport class Memo {\n  @PrimaryKey() id!: number;\n  @Column() text!: string;\n}\n",
    });
    const onSqlite = { DATABASE_URL: `sqlite:${join(project.dir, 'generated.sqlite3')}` };
    try {
      expect((await project.orm(['migrate:generate', '--name', 'memos'], onSqlite)).code).toBe(0);
      expect((await project.orm(['db:migrate'], onSqlite)).code).toBe(0);
      expect((await project.orm(['make:migration', '--name', 'backfill'], onSqlite)).code).toBe(0);
      const migrated = await project.orm(['db:migrate']);
      expect(migrated.code).toBe(0);
      // The generated one warns; the blank one, which creates nothing, does not.
      expect(migrated.stderr).toMatch(/^Warning: \d{14}-memos: it was generated against SQLite/);
      expect(migrated.stderr).not.toContain('-backfill:');
    } finally {
      project.cleanup();
    }
  });
});
