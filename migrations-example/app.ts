// The example app: connects, gives the database the entities' schema, writes and reads a row.
import { Orm } from 'strata-orm';
import { entities } from './entities';

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL ?? 'sqlite:./migrations-example/dev.sqlite3';
  const orm = await Orm.connect({ url, entities });
  try {
    await orm.resetDb();
    await orm.knex('users').insert({ username: 'alice', email: 'alice@example.com' });
    const [alice] = await orm.knex('users').select('id', 'username', 'email');
    console.log(`connected to ${orm.dialect.name}`);
    console.log(`tables: ${orm.schema.tables.map((t) => t.name).join(', ')}`);
    console.log(`first user: ${JSON.stringify(alice)}`);
  } finally {
    await orm.close();
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
