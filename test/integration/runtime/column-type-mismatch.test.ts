import 'reflect-metadata';
import { Column, Defaults, Orm, PrimaryKey, Table } from 'strata-orm';
import { reset_db } from 'strata-orm/testing';
import { describeEachDialect } from '../../helpers/dialects';

// A database column of a type the model does not know (an existing schema, or entity:generate reading one)
// is declared with the closest model type; writing to it, one row or many, leaves the conversion to the
// database's own input function, as a text parameter would.
@Table('hosts')
class Host {
  declare [Defaults]?: 'id';
  @PrimaryKey() id!: number;
  @Column({ type: 'text' }) address!: string;
  @Column({ type: 'integer' }) port!: number;
}

describeEachDialect('writing to a column of a type the model does not know', (db, dialect) => {
  let orm: Orm;
  beforeAll(async () => {
    orm = await Orm.connect({ url: db().url, entities: [Host] });
    await reset_db(orm);
    // PostgreSQL: inet and smallint, which have no assignment cast from text and integer's wider range.
    if (dialect === 'postgres') await orm.knex.raw('ALTER TABLE hosts ALTER COLUMN address TYPE inet USING address::inet, ALTER COLUMN port TYPE smallint');
  });
  afterAll(() => orm?.close());

  it('inserts one row and many', async () => {
    const hosts = orm.repository(Host);
    await hosts.insert({ address: '10.0.0.1', port: 80 });
    await hosts.insertMany([{ address: '10.0.0.2', port: 443 }, { address: '::1', port: 8080 }]);
    const stored = await hosts.find({ orderBy: { id: 'asc' } });
    expect(stored.map((h) => [h.address, h.port])).toEqual([['10.0.0.1', 80], ['10.0.0.2', 443], ['::1', 8080]]);
  });

  // SQLite converts nothing and refuses nothing here.
  if (dialect === 'postgres') it('reports a value the column refuses, whichever way it was sent', async () => {
    const hosts = orm.repository(Host);
    await expect(hosts.insert({ address: 'not an address', port: 1 })).rejects.toThrow(/invalid input syntax for type inet/);
    await expect(hosts.insertMany([{ address: '10.0.0.9', port: 1 }, { address: 'not an address', port: 1 }])).rejects.toThrow(/invalid input syntax for type inet/);
    await expect(hosts.insertMany([{ address: '10.0.0.9', port: 1 }, { address: '10.0.0.8', port: 70000 }])).rejects.toThrow(/smallint/);
  });
});
