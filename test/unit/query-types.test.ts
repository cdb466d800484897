import 'reflect-metadata';
import type { Include, OrderBy, Values, Where } from 'strata-orm';
import { Author, Post } from '../integration/runtime/entities';

// Compiled by `npm run typecheck`: each @ts-expect-error fails the build if the error it expects is gone.
describe('query types', () => {
  it('accept the properties and operators of the entity', () => {
    const where: Where<Author> = { age: { gte: 18, lt: 65 }, kind: 'member', email: { like: '%@x.io' }, or: [{ big: 5n }, { seenAt: { lt: new Date() } }] };
    const order: OrderBy<Author> = [{ name: 'asc' }, { createdAt: 'desc' }];
    const include: Include<Author> = { posts: { where: { likes: { gt: 1 } }, include: { comments: true } }, tags: true, profile: true };
    const values: Values<Post> = { title: 't', authorId: 1 };
    const filters: Where<Author> = {
      not: { kind: 'admin' }, name: { ilike: 'a%', startsWith: 'A', mode: 'insensitive' },
      posts: { some: { title: { contains: 'orm' }, comments: { none: { body: 'x' } } }, every: { likes: { gt: 0 } } },
      profile: { is: null, isNot: { bio: 'x' } }, tags: { some: { name: 'red' } }, prefs: { path: ['theme'], equals: 'dark' },
    };
    const toOne: Where<Post> = { author: { is: { active: true } } };
    expect([where, order, include, values, filters, toOne]).toHaveLength(6);
  });

  it('reject properties, operators and relations that are not there', () => {
    // @ts-expect-error: emial is not a property of Author
    const badWhere: Where<Author> = { emial: 'x' };
    // @ts-expect-error: like is for strings only
    const badOperator: Where<Author> = { age: { like: '1%' } };
    // @ts-expect-error: 'up' is not a direction
    const badOrder: OrderBy<Author> = { name: 'up' };
    // @ts-expect-error: pots is not a relation of Author
    const badInclude: Include<Author> = { pots: true };
    // @ts-expect-error: a nested include is checked against the related entity
    const badNested: Include<Author> = { posts: { include: { tags: true } } };
    // @ts-expect-error: posts is a relation, not a column to filter on
    const relationInWhere: Where<Author> = { posts: [] };
    // @ts-expect-error: the value must have the column's type
    const badValue: Values<Post> = { title: 5 };
    // @ts-expect-error: a to-many relation is filtered with some, none or every
    const badToMany: Where<Author> = { posts: { is: {} } };
    // @ts-expect-error: a relation filter is checked against the related entity
    const badRelated: Where<Author> = { posts: { some: { titel: 'x' } } };
    // @ts-expect-error: contains is for strings only
    const badContains: Where<Author> = { age: { contains: '1' } };
    expect([badWhere, badOperator, badOrder, badInclude, badNested, relationInWhere, badValue, badToMany, badRelated, badContains]).toHaveLength(10);
  });
});
