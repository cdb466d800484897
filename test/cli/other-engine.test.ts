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
    try {
      expect((await project.orm(['migrate:generate', '--name', 'notes'], onSqlite)).code).toBe(0);
      const [first] = project.migrations().map((f) => f.replace(/\.ts$/, ''));
      expect((await project.orm(['db:migrate'], onSqlite)).code).toBe(0);
      expect((await project.orm(['db:migrate'])).code).toBe(0);
      const status = await project.orm(['migrate:status']);
      expect(status.stderr).toBe('');
      expect(status.stdout).toContain(`applied  ${first}`);
      expect(status.stdout).toContain(`Snapshot: the snapshot of ${first} was taken on sqlite, and this database is ${dialect}: not compared, as a snapshot describes its own engine's schema.`);

      // Making a column nullable rebuilds the table on SQLite, in statements of SQLite's own.
      project.write('entities/note.ts', NOTE_ENTITY.replace('@Column() text!: string;', "@Column({ type: 'string', nullable: true }) text!: string | null;"));
      expect((await project.orm(['migrate:generate', '--name', 'nullable-text'], onSqlite)).code).toBe(0);
      const failed = await project.orm(['db:migrate']);
      expect(failed.code).toBe(1);
      expect(failed.stderr).toMatch(new RegExp(`^Error: Migration \\d{14}-nullable-text failed \\(up\\) .* It was generated against sqlite, and this database is ${dialect}: ` +
        `its steps written as SQL, and the types it gives keys, are sqlite's\\. Generate this database's migrations against ${dialect} \\(see docs/dialects\\.md\\), or fix the migration`));
    } finally {
      project.cleanup();
    }
  });
});
