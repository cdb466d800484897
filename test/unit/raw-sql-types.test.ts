import 'reflect-metadata';
import { Orm, QueryError } from 'strata-orm';
import { Author, ENTITIES } from '../integration/runtime/entities';

// Compiled by `npm run typecheck`: each @ts-expect-error fails the build if the error it expects is gone. At run
// time, each refused call is refused again, by a QueryError or an absent reference.
describe('types of orm.sql, orm.ref and stream', () => {
  let orm: Orm;
  beforeAll(async () => {
    orm = await Orm.connect({ url: 'sqlite::memory:', entities: ENTITIES });
  });
  afterAll(() => orm?.close());

  it('type references by the entity\'s column properties', () => {
    const a = orm.ref(Author);
    const ok = [a.email, a.createdAt, orm.ref(Author, 'x').id];
    expect(ok.every((ref) => ref !== undefined)).toBe(true);
    // @ts-expect-error: emial is not a property of Author
    expect(a.emial).toBeUndefined();
    // @ts-expect-error: posts is a relation, not a column
    expect(a.posts).toBeUndefined();
  });

  it('type the rows and their declared types', async () => {
    await orm.resetDb();
    const rows: { n: number }[] = await orm.sql<{ n: number }>`select count(*) as n from ${orm.ref(Author)}`.types({ n: 'integer' });
    expect(rows).toEqual([{ n: 0 }]);
    // @ts-expect-error: m is not a column of the rows
    expect(() => orm.sql<{ n: number }>`select 1 as n`.types({ m: 'integer' })).not.toThrow();
    // @ts-expect-error: 'integr' is not a column type
    expect(() => orm.sql<{ n: number }>`select 1 as n`.types({ n: 'integr' })).toThrow(QueryError);
    // @ts-expect-error: orm.sql is a template tag, not a function of a string
    expect(() => orm.sql('select 1')).toThrow(QueryError);
  });

  it('type stream options from the entity, and stream entities', async () => {
    const names: string[] = [];
    for await (const author of orm.repository(Author).stream({ where: { age: { gte: 18 } }, orderBy: [{ name: 'asc' }], include: { posts: true }, batchSize: 10 })) names.push(author.name);
    expect(names).toEqual([]);
    // @ts-expect-error: emial is not a property of Author
    expect(() => orm.repository(Author).stream({ where: { emial: 'x' } })).toThrow(QueryError);
    // @ts-expect-error: 'up' is not a direction
    expect(() => orm.repository(Author).stream({ orderBy: { name: 'up' } })).toThrow(QueryError);
    // @ts-expect-error: pots is not a relation of Author
    expect(() => orm.repository(Author).stream({ include: { pots: true } })).toThrow(QueryError);
    // @ts-expect-error: batchSize is a number
    expect(() => orm.repository(Author).stream({ batchSize: '10' })).toThrow(QueryError);
  });
});
