import { Orm } from 'strata-orm';
import { reset_db } from 'strata-orm/testing';
import { describeEachDialect } from '../../helpers/dialects';
import { Author, ENTITIES } from './entities';

// SQLite reads bigint and decimal columns through an expression named after the column (their exact text): an
// ORDER BY on the bare name sorted by that text, '10.25' before '9.15', until the order named the table's column.
describeEachDialect('orderBy sorts by value', (db) => {
  let orm: Orm;
  beforeAll(async () => {
    orm = await Orm.connect({ url: db().url, entities: ENTITIES });
    await reset_db(orm);
    await orm.repository(Author).insertMany([
      { name: 'a', email: 'a@x.io', balance: '9.15', big: 9n },
      { name: 'b', email: 'b@x.io', balance: '10.25', big: 2n ** 60n },
      { name: 'c', email: 'c@x.io', balance: '100', big: 10n },
      { name: 'd', email: 'd@x.io', balance: '-2.5', big: -3n },
    ]);
  });
  afterAll(() => orm?.close());

  it.each(['balance', 'big'] as const)('on a %s column', async (property) => {
    const ascending = await orm.repository(Author).find({ orderBy: { [property]: 'asc' } });
    expect(ascending.map((a) => a.name)).toEqual(property === 'balance' ? ['d', 'a', 'b', 'c'] : ['d', 'a', 'c', 'b']);
    const descending = await orm.repository(Author).find({ orderBy: [{ [property]: 'desc' }] });
    expect(descending.map((a) => a.name)).toEqual(ascending.map((a) => a.name).reverse());
  });

  // PostgreSQL returns rows of equal sort values in any order, and a top-N sort picks a different few for each page.
  it('pages through rows of equal sort values without skipping or repeating one: ties go by the primary key', async () => {
    await orm.repository(Author).insertMany(Array.from({ length: 40 }, (_, i) => ({ name: `tie ${i}`, email: `tie${i}@x.io`, age: i % 3 })));
    const pages = [];
    for (let offset = 0; offset < 40; offset += 5) {
      pages.push(...await orm.repository(Author).find({ where: { name: { startsWith: 'tie ' } }, orderBy: { age: 'asc' }, limit: 5, offset }));
    }
    const expected = (await orm.repository(Author).find({ where: { name: { startsWith: 'tie ' } } })).sort((a, b) => a.age! - b.age! || a.id - b.id);
    expect(pages.map((a) => a.id)).toEqual(expected.map((a) => a.id));
    const [first] = await orm.repository(Author).findAndCount({ where: { name: { startsWith: 'tie ' } }, orderBy: { age: 'desc' }, limit: 3, offset: 1 });
    expect(first.map((a) => a.id)).toEqual(expected.filter((a) => a.age === 2).slice(1, 4).map((a) => a.id));
  });
});
