import { increment, Orm, QueryError, type QueryEvent, UniqueConstraintError } from 'strata-orm';
import { reset_db } from 'strata-orm/testing';
import { describeEachDialect } from '../../helpers/dialects';
import { Author, ENTITIES } from './entities';

// An update repeated in a loop (`update({ id }, { … })` with the same keys) reuses the statement of the first: each
// repeat must still check its values, stamp @UpdatedAt and name a violation, and any other kind of update must not
// be taken for it.

describeEachDialect('repeated updates', (db) => {
  let orm: Orm;
  const queries: QueryEvent[] = [];
  const authors = () => orm.repository(Author);
  const updates = () => queries.filter((q) => q.sql.startsWith('UPDATE'));
  beforeAll(async () => {
    orm = await Orm.connect({ url: db().url, entities: ENTITIES, onQuery: (event) => queries.push(event) });
  });
  beforeEach(async () => {
    await reset_db(orm);
    await authors().insertMany(['ann', 'bob', 'cy'].map((name, i) => ({ name, email: `${name}@x.io`, age: 20 + i })));
    queries.length = 0;
  });
  afterAll(() => orm?.close());

  it('updates each row of a loop by its own key, with one statement text, stamping @UpdatedAt each time', async () => {
    const before = await authors().find({ orderBy: { id: 'asc' } });
    await new Promise((resolve) => setTimeout(resolve, 5));
    for (const [i, author] of before.entries()) expect(await authors().update({ id: author.id }, { age: 40 + i, name: `${author.name}!` })).toBe(1);
    expect(new Set(updates().map((q) => q.sql)).size).toBe(1);
    expect(updates().map((q) => q.params.length)).toEqual([4, 4, 4]);
    const after = await authors().find({ orderBy: { id: 'asc' } });
    expect(after.map((a) => [a.name, a.age])).toEqual([['ann!', 40], ['bob!', 41], ['cy!', 42]]);
    after.forEach((a, i) => expect(a.updatedAt.getTime()).toBeGreaterThan(before[i]!.updatedAt.getTime()));
    expect(await authors().update({ id: 999 }, { age: 1, name: 'nobody' })).toBe(0);
  });

  it('checks every repeat\'s values as the first, and names a violation from the values given', async () => {
    const [ann, bob] = await authors().find({ orderBy: { id: 'asc' } });
    await authors().update({ id: ann!.id }, { email: 'ann2@x.io' });
    await expect(authors().update({ id: bob!.id }, { email: 42 as unknown as string })).rejects.toBeInstanceOf(QueryError);
    await expect(authors().update({ id: 'two' as unknown as number }, { email: 'b@x.io' })).rejects.toBeInstanceOf(QueryError);
    const violation = authors().update({ id: bob!.id }, { email: 'ann2@x.io' });
    await expect(violation).rejects.toBeInstanceOf(UniqueConstraintError);
    await expect(violation).rejects.toMatchObject({ table: 'authors', columns: ['email'] });
    expect((await authors().findById(bob!.id))!.email).toBe('bob@x.io');
  });

  it('takes every other kind of update by its own path after a repeated one', async () => {
    const [ann, bob, cy] = await authors().find({ orderBy: { id: 'asc' } });
    await authors().update({ id: ann!.id }, { age: 1 });
    await authors().update({ id: bob!.id }, { age: null });
    await authors().update({ id: cy!.id }, { age: increment(5) });
    await authors().update({ id: ann!.id }, { age: undefined, name: 'Ann' });
    await authors().update({ email: 'bob@x.io' }, { age: 2 });
    await authors().update({ id: { in: [cy!.id] } }, { age: 3 });
    await authors().update({ id: ann!.id, name: 'nobody' }, { age: 4 });
    await authors().update({ id: ann!.id }, { name: 'Ann', age: 5 });
    const [returned] = await authors().update({ id: bob!.id }, { age: 6 }, { returning: true });
    expect(returned!.age).toBe(6);
    await expect(authors().update({ id: undefined }, { age: 7 })).rejects.toBeInstanceOf(QueryError);
    const rows = await authors().find({ orderBy: { id: 'asc' } });
    expect(rows.map((a) => [a.name, a.age])).toEqual([['Ann', 5], ['bob', 6], ['cy', 3]]);
  });
});
