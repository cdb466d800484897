import { CONFIG, NOTE_ENTITY, TestProject, TSCONFIG } from '../helpers/cli';
import { describeEachDialect } from '../helpers/dialects';

/** What `--verbose` says of the driver: SQLite's choice among its drivers, and a config file's driver that a server URL leaves unused. */
describeEachDialect('orm --verbose and the driver in the config file', (db, dialect) => {
  it('says which driver runs, and that a SQLite driver named for another engine is not used', async () => {
    const config = CONFIG.replace('entities:', "driver: 'sqlite3',\n  entities:");
    const project = TestProject.create(db().url, { 'orm.config.ts': config, 'tsconfig.json': TSCONFIG, 'entities/note.ts': NOTE_ENTITY, 'migrations/.gitkeep': '' });
    try {
      const result = await project.orm(['migrate:status', '--verbose']);
      // Exit code 1: the entities need a migration, which the command found on the engine.
      expect(result).toMatchObject({ code: 1, stdout: expect.stringContaining('- create table notes') });
      const expected = {
        sqlite: /^SQLite driver: (better-sqlite3|node:sqlite|sqlite3) \(as configured\)\.$/,
        postgres: /^PostgreSQL driver: pg \(its only one; driver sqlite3 in the config file is not used\)\.$/,
        mysql: /^MariaDB\/MySQL driver: mysql2 \(its only one; driver sqlite3 in the config file is not used\)\.$/,
      }[dialect];
      expect(result.stderr.trim()).toMatch(expected);
    } finally {
      project.cleanup();
    }
  });
});
