import { defineConfig } from 'strata-orm';

export default defineConfig({
  // DATABASE_URL wins over this; the example runs on PostgreSQL too.
  url: 'sqlite:./dev.sqlite3',
  entities: ['entities/*.ts'],
  migrations: { dir: 'migrations' },
});
