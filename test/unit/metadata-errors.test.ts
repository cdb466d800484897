import 'reflect-metadata';
import {
  BelongsTo, BelongsToMany, Column, CreatedAt, DeletedAt, EntityDefinitionError, HasMany, Index, MetadataRegistry, Orm, PrimaryKey, sql, Table, Unique,
  Version,
} from 'strata-orm';
import { errorOf } from '../helpers/model';

/** Each case: the classes handed over, and what the error must say (every regex must match). */
const CASES: [string, () => unknown[], RegExp[]][] = [
  ['a union type cannot be inferred', () => {
    @Table('users') class User { @PrimaryKey() id!: number; @Column({ nullable: true }) age!: number | null; }
    return [User];
  }, [/^User\.age: /, /cannot infer the column type/, /emitted Object/, /unions/, /Add the type option, e\.g\. @Column\(\{ type: 'integer', nullable: true \}\) for a `number \| null`/]],

  ['a union declared number | null, as the loader records it', () => {
    @Table('users') class User { @PrimaryKey() id!: number; @Column({ nullable: true }) age!: number | null; }
    Reflect.defineMetadata('strata:declared-type', { text: 'number | null', nullable: true, base: 'integer' }, User.prototype, 'age');
    return [User];
  }, [/^User\.age: cannot infer the column type: it is declared `number \| null`, which TypeScript emits as Object\. Add the type option: @Column\(\{ type: 'integer', nullable: true \}\)/]],

  ['a union of string literals, which TypeScript emits as String', () => {
    @Table('posts') class Post { @PrimaryKey() id!: number; @Column() kind!: 'draft' | 'published'; }
    Reflect.defineMetadata('strata:declared-type', { text: "'draft' | 'published'", nullable: false, literals: ['draft', 'published'] }, Post.prototype, 'kind');
    return [Post];
  }, [/^Post\.kind: cannot infer the column type: it is declared as a union of string literals \('draft' \| 'published'\), which TypeScript emits as String/, /@Column\(\{ type: 'enum', enum: \['draft', 'published'\] \}\) to allow only these values, or @Column\(\{ type: 'string' \}\) for any text/]],

  ['a type declared with null on a column that is not nullable, as the loader records it', () => {
    @Table('users') class User {
      @PrimaryKey() id!: number;
      @Column({ type: 'string' }) nick!: string | null;
      @Column({ type: 'enum', enum: ['a', 'b'] }) kind!: 'a' | 'b' | null;
    }
    Reflect.defineMetadata('strata:declared-type', { text: 'string | null', nullable: true, includesNull: true, base: 'string' }, User.prototype, 'nick');
    Reflect.defineMetadata('strata:declared-type', { text: "'a' | 'b' | null", nullable: true, includesNull: true, literals: ['a', 'b'] }, User.prototype, 'kind');
    return [User];
  }, [
    /^ {2}- User\.nick: it is declared `string \| null`, but its column is not nullable, so null would be refused; add nullable: true to its options, or declare it without null\.$/m,
    /^ {2}- User\.kind: it is declared `'a' \| 'b' \| null`, but its column is not nullable/m,
  ]],

  ['@Version on a text column, twice', () => {
    @Table('docs') class Doc { @PrimaryKey() id!: number; @Column({ type: 'string' }) @Version() version!: string; @Version() revision!: number; }
    return [Doc];
  }, [/- Doc: has @Version on version and revision; keep one\.$/m, /- Doc\.version: @Version needs an integer or bigint column, not 'string'\.$/m]],

  ['@DeletedAt on a column that is not nullable, or not a datetime', () => {
    @Table('docs') class Doc { @PrimaryKey() id!: number; @Column({ nullable: false }) @DeletedAt() deletedAt!: Date; }
    @Table('notes') class Note { @PrimaryKey() id!: number; @Column({ type: 'date' }) @DeletedAt() deletedOn!: string | null; }
    return [Doc, Note];
  }, [/- Doc\.deletedAt: @DeletedAt needs a nullable column: NULL marks the rows that are not deleted\.$/m, /- Note\.deletedOn: @DeletedAt needs a datetime column, not 'date'\.$/m]],

  ['a default that interpolates values, which DDL cannot bind', () => {
    @Table('users') class User { @PrimaryKey() id!: number; @Column({ type: 'integer', default: sql`${1} + 1` }) n!: number; }
    return [User];
  }, [/^User\.n: the default \$\{0\} \+ 1 interpolates values, which a column default cannot bind/]],

  ['a class compiled without decorator metadata', () => {
    // What tsx, esbuild and Vite produce: the decorators run, and no design:type is recorded.
    class Todo { id!: number; title!: string; userId!: number; }
    PrimaryKey()(Todo.prototype, 'id');
    Column()(Todo.prototype, 'title');
    Column({ type: 'integer' })(Todo.prototype, 'userId');
    Table('todos')(Todo);
    return [Todo];
  }, [/^Todo: this code was compiled by jest's transformer without decorator metadata .*, so the types of id and title cannot be inferred\. Give each column its type option \(e\.g\. @PrimaryKey\(\{ type: 'integer' \}\) id!: number, @Column\(\{ type: 'string' \}\) title!: string\), or compile with SWC or tsc/]],

  ['a type alias cannot be inferred', () => {
    type Money = { amount: number };
    @Table('users') class User { @PrimaryKey() id!: number; @Column() price!: Money; }
    return [User];
  }, [/^User\.price: cannot infer the column type/, /type aliases/]],

  ['an array, which one column cannot hold as such', () => {
    @Table('posts') class Post { @PrimaryKey() id!: number; @Column() tags!: string[]; }
    return [Post];
  }, [/^Post\.tags: cannot infer the column type: TypeScript emitted Array, and a column holds one value\. Keep the list as JSON with @Column\(\{ type: 'json' \}\) \(declared Json<Item\[\]> for a list of objects, so that it is not taken for a relation\), or give its items a table of their own and declare a @HasMany relation instead of a column/]],

  ['an unknown relation target', () => {
    @Table('users') class User { @PrimaryKey() id!: number; }
    @Table('posts') class Post { @PrimaryKey() id!: number; @BelongsTo(() => User) user?: User; }
    return [Post];
  }, [/^Post\.user: /, /the target User is not among the registered entities/, /add User to the entities list/]],

  ['an undecorated relation target', () => {
    class User { id!: number; }
    @Table('posts') class Post { @PrimaryKey() id!: number; @BelongsTo(() => User) user?: User; }
    return [Post];
  }, [/^Post\.user: /, /the target User is not an entity; add @Table\(\) to User/]],

  ['a relation target evaluated too early (a circular import)', () => {
    const later: { User?: new () => object } = {};
    @Table('posts') class Post { @PrimaryKey() id!: number; @BelongsTo(() => later.User!) user?: object; }
    return [Post];
  }, [/^Post\.user: the target function returned undefined/, /circular import/]],

  ['a BelongsTo whose foreign key type differs from the target key', () => {
    @Table('users') class User { @PrimaryKey({ type: 'bigint' }) id!: bigint; }
    @Table('posts') class Post { @PrimaryKey() id!: number; @Column() userId!: number; @BelongsTo(() => User) user?: User; }
    return [User, Post];
  }, [/^Post\.user: /, /the foreign key Post\.userId is 'integer' but User\.id is 'bigint'/, /make them the same type, e\.g\. @Column\(\{ type: 'bigint' \}\)/]],

  ['two properties mapping to the same column', () => {
    @Table('users') class User { @PrimaryKey() id!: number; @Column() userName!: string; @Column({ name: 'user_name' }) login!: string; }
    return [User];
  }, [/^User\.login: /, /User\.userName and User\.login both map to column "user_name"/, /another name option/]],

  ['an enum without values', () => {
    @Table('users') class User { @PrimaryKey() id!: number; @Column({ type: 'enum' }) kind!: string; }
    return [User];
  }, [/^User\.kind: an enum column needs its values/, /enum: \['a', 'b'\]/]],

  ['@Table on a class without columns', () => {
    @Table('empties') class Empty { name!: string; }
    return [Empty];
  }, [/^Empty: @Table is on a class without columns/, /@PrimaryKey\(\) and @Column\(\)/]],

  ['a class without @Table', () => {
    class Plain { @PrimaryKey() id!: number; }
    return [Plain];
  }, [/^Plain: is not an entity: add @Table\(\) to the class/]],

  ['a HasMany whose inverse cannot be found', () => {
    @Table('users') class User { @PrimaryKey() id!: number; @HasMany(() => Post) posts?: Post[]; }
    @Table('posts') class Post { @PrimaryKey() id!: number; }
    return [User, Post];
  }, [/^User\.posts: cannot find the inverse side/, /Post has no @BelongsTo\(\(\) => User\) and no userId column/, /Add @BelongsTo\(\(\) => User\) to Post, or give foreignKey/]],

  ['a BelongsToMany whose junction lacks a key', () => {
    @Table('users') class User { @PrimaryKey() id!: number; @BelongsToMany(() => Role, { through: () => UserRole }) roles?: Role[]; }
    @Table('roles') class Role { @PrimaryKey() id!: number; }
    @Table('user_roles') class UserRole { @PrimaryKey() id!: number; @Column() userId!: number; }
    return [User, Role, UserRole];
  }, [/^User\.roles: cannot find the inverse side: UserRole has no @BelongsTo\(\(\) => Role\) and no roleId column/, /otherKey/]],

  ['a BelongsToMany without through', () => {
    @Table('users') class User { @PrimaryKey() id!: number; @BelongsToMany(() => Role, {} as never) roles?: Role[]; }
    @Table('roles') class Role { @PrimaryKey() id!: number; }
    return [User, Role];
  }, [/^User\.roles: @BelongsToMany needs the junction entity: add \{ through: \(\) => Junction \}/]],

  ['a relation given the class instead of a function returning it', () => {
    @Table('users') class User { @PrimaryKey() id!: number; }
    @Table('posts') class Post { @PrimaryKey() id!: number; @BelongsTo(User as never) user?: User; }
    return [User, Post];
  }, [/^Post\.user: the target is the class User itself; pass a function returning it, \(\) => User/]],

  ['an ambiguous inverse', () => {
    @Table('users') class User { @PrimaryKey() id!: number; @HasMany(() => Post) posts?: Post[]; }
    @Table('posts') class Post { @PrimaryKey() id!: number; @BelongsTo(() => User) author?: User; @BelongsTo(() => User) editor?: User; }
    return [User, Post];
  }, [/^User\.posts: Post has several @BelongsTo\(\(\) => User\) \(author, editor\); say which one with foreignKey/]],

  ['a HasMany foreignKey that names nothing', () => {
    @Table('users') class User { @PrimaryKey() id!: number; @HasMany(() => Post, { foreignKey: 'writerId' }) posts?: Post[]; }
    @Table('posts') class Post { @PrimaryKey() id!: number; }
    return [User, Post];
  }, [/^User\.posts: foreignKey 'writerId' is not a column or @BelongsTo of Post/]],

  ['no primary key', () => {
    @Table('logs') class Log { @Column() line!: string; }
    return [Log];
  }, [/^Log: has no primary key; add @PrimaryKey\(\)/]],

  ['standard decorators without a type', () => {
    const cls = class Event {};
    const { ownRaw } = require('../../src/decorators/raw-store');
    const metadata: Record<PropertyKey, unknown> = {};
    PrimaryKey({ type: 'integer' })(undefined, { kind: 'field', name: 'id', static: false, private: false, metadata } as unknown as ClassFieldDecoratorContext);
    Column()(undefined, { kind: 'field', name: 'title', static: false, private: false, metadata } as unknown as ClassFieldDecoratorContext);
    Table('events')(cls, { kind: 'class', name: 'Event', metadata } as unknown as ClassDecoratorContext);
    Object.defineProperty(cls, (Symbol as unknown as { metadata: symbol }).metadata, { value: metadata });
    expect(ownRaw(cls)?.mode).toBe('standard');
    return [cls];
  }, [/^Event\.title: cannot infer the column type: standard decorators carry no TypeScript type information/, /@Column\(\{ type: 'string' \}\)/]],

  ['length on a non-string column', () => {
    @Table('users') class User { @PrimaryKey() id!: number; @Column({ length: 10 }) age!: number; }
    return [User];
  }, [/^User\.age: length applies to string columns only, and this column is 'integer'; remove length/]],

  ['a bad length on a non-string column, said once', () => {
    @Table('users') class User { @PrimaryKey() id!: number; @Column({ length: -1 }) age!: number; }
    return [User];
  }, [/^User\.age: length applies to string columns only, and this column is 'integer'; remove length\.$/]],

  ['a length that is not a count of characters', () => {
    @Table('users') class User { @PrimaryKey() id!: number; @Column({ length: -1 }) a!: string; @Column({ length: 12.5 }) b!: string; @Column({ length: '80' as unknown as number }) c!: string; }
    return [User];
  }, [
    /- User\.a: length is the most characters the column holds, a whole number; got -1\.$/m,
    /- User\.b: length is the most characters the column holds, a whole number; got 12\.5\.$/m,
    /- User\.c: length is the most characters the column holds, a whole number; got '80'\.$/m,
  ]],

  ['a decimal precision or scale that is not a count of digits', () => {
    @Table('prices') class Price {
      @PrimaryKey() id!: number;
      @Column({ type: 'decimal', precision: 10.5 }) a!: string;
      @Column({ type: 'decimal', precision: 10, scale: -1 }) c!: string;
    }
    return [Price];
  }, [
    /- Price\.a: a decimal precision is its number of digits, a whole number; got 10\.5\.$/m,
    /- Price\.c: a decimal scale is its number of digits after the point, a whole number; got -1\.$/m,
  ]],

  ['misspelt decorator options, which TypeScript alone would refuse', () => {
    const loose = (options: object): never => options as never;
    @Table('writers') class Writer { @PrimaryKey() id!: number; @HasMany(() => Post, loose({ foreignkey: 'writerId' })) posts?: Post[]; }
    @Table(loose({ name: 'posts', renamedfrom: 'articles' }))
    @Index(['title'], loose({ uniqe: true }))
    class Post {
      @PrimaryKey(loose({ autoincrement: false })) id!: number;
      @Column(loose({ type: 'string', nulable: true, lenght: 20 })) title!: string | null;
      @Unique(loose({ nmae: 'x' })) @Column({ type: 'string' }) slug!: string;
      @BelongsTo(() => Writer, loose({ ondelete: 'cascade' })) writer?: Writer;
      @CreatedAt(loose({ column: 'made_at' })) createdAt!: Date;
    }
    return [Post, Writer];
  }, [
    /- Post: @Table has no option 'renamedfrom' \(did you mean renamedFrom\?\); its options are name, renamedFrom\.$/m,
    /- Post: @Index has no option 'uniqe'; its options are name\.$/m,
    /- Post\.id: @PrimaryKey has no option 'autoincrement' \(did you mean autoIncrement\?\); its options are type, name, length, precision, scale, default, autoIncrement, index, enum, renamedFrom, comment\.$/m,
    /- Post\.title: @Column has no options 'nulable' and 'lenght'; its options are type, name, length, precision, scale, nullable, default, primary, autoIncrement, unique, index, enum, renamedFrom, comment\.$/m,
    /- Post\.slug: @Unique has no option 'nmae'; its options are name\.$/m,
    /- Post\.writer: @BelongsTo has no option 'ondelete' \(did you mean onDelete\?\); its options are foreignKey, onDelete, onUpdate, nullable\.$/m,
    /- Post\.createdAt: @CreatedAt has no option 'column'; its options are name\.$/m,
    /- Writer\.posts: @HasMany has no option 'foreignkey' \(did you mean foreignKey\?\); its options are foreignKey\.$/m,
  ]],

  ['options that are not an object, and a base class\'s mistakes said once for the entities extending it', () => {
    const loose = (options: unknown): never => options as never;
    class Base { @PrimaryKey(loose({ autoincrement: false })) id!: number; }
    @Table('cats') class Cat extends Base { @Column(loose('text')) name!: string; @Index(loose('cats_by_age')) @Column({ type: 'integer' }) age!: number; }
    @Table('dogs') class Dog extends Base {}
    return [Cat, Dog];
  }, [
    /^3 problems in the entity definitions:$/m,
    /- Base\.id: @PrimaryKey has no option 'autoincrement' \(did you mean autoIncrement\?\)/m,
    /- Cat\.name: @Column takes an object of options \(type, name, length, precision, scale, nullable, default, primary, autoIncrement, unique, index, enum, renamedFrom, comment\); got "text"\.$/m,
    /- Cat\.age: @Index takes an object of options \(name\); got "cats_by_age"\.$/m,
  ]],

  ['a base class\'s misspelt nullable on a property declared with null, said once, not again for each entity', () => {
    class Titled { @Column({ type: 'string', nulable: true } as never) title!: string | null; }
    Reflect.defineMetadata('strata:declared-type', { text: 'string | null', nullable: true, includesNull: true, base: 'string' }, Titled.prototype, 'title');
    @Table('posts') class Post extends Titled { @PrimaryKey() id!: number; }
    @Table('pages') class Page extends Titled { @PrimaryKey() id!: number; }
    return [Post, Page];
  }, [/^Titled\.title: @Column has no option 'nulable'; its options are type, /]],

  ['precision on a column that takes none', () => {
    @Table('users') class User { @PrimaryKey() id!: number; @Column({ precision: 5 }) age!: number; }
    return [User];
  }, [/^User\.age: precision and scale apply to decimal columns/]],

  ['a default of the wrong type', () => {
    @Table('users') class User { @PrimaryKey() id!: number; @Column({ default: 'many' }) count!: number; }
    return [User];
  }, [/^User\.count: the default "many" does not suit a 'integer' column: expected a number/]],

  ['an enum default that is not a value', () => {
    @Table('users') class User { @PrimaryKey() id!: number; @Column({ enum: ['a', 'b'], default: 'c' }) kind!: string; }
    return [User];
  }, [/^User\.kind: the default 'c' is not one of the enum values \(a, b\)/]],

  ['an unknown column type', () => {
    @Table('users') class User { @PrimaryKey() id!: number; @Column({ type: 'varchar' as 'string' }) name!: string; }
    return [User];
  }, [/^User\.name: unknown column type 'varchar'; use one of string, text/]],

  ['autoIncrement on a column that cannot', () => {
    @Table('users') class User { @PrimaryKey() id!: number; @Column({ autoIncrement: true }) rank!: number; }
    return [User];
  }, [/^User\.rank: autoIncrement applies to a single-column integer or bigint primary key only/]],

  ['set null on a required foreign key', () => {
    @Table('users') class User { @PrimaryKey() id!: number; }
    @Table('posts') class Post { @PrimaryKey() id!: number; @BelongsTo(() => User, { onDelete: 'set null' }) user?: User; }
    return [User, Post];
  }, [/^Post\.user: onDelete 'set null' needs a nullable foreign key; add nullable: true/]],

  ['an unknown referential action', () => {
    @Table('users') class User { @PrimaryKey() id!: number; }
    @Table('posts') class Post { @PrimaryKey() id!: number; @BelongsTo(() => User, { onDelete: 'explode' as 'cascade' }) user?: User; }
    return [User, Post];
  }, [/^Post\.user: onDelete 'explode' is not a referential action; use one of no action, restrict, cascade, set null, set default/]],

  ['a class-level index naming an unknown property', () => {
    @Table('posts') @Index(['userId', 'publishedAt']) class Post { @PrimaryKey() id!: number; @Column() userId!: number; }
    return [Post];
  }, [/^Post: @Index\(\['userId', 'publishedAt'\]\) names 'publishedAt', which is not a column property of Post/]],

  ['two entities on one table', () => {
    @Table('users') class User { @PrimaryKey() id!: number; }
    @Table('users') class Account { @PrimaryKey() id!: number; }
    return [User, Account];
  }, [/^Account: User and Account both map to table "users"/]],

  ['a relation to a composite key', () => {
    @Table('memberships') class Membership { @PrimaryKey() a!: number; @PrimaryKey() b!: number; }
    @Table('notes') class Note { @PrimaryKey() id!: number; @BelongsTo(() => Membership) membership?: Membership; }
    return [Membership, Note];
  }, [/^Note\.membership: Membership has a composite primary key \(a, b\)/]],

  ['a relation that is also a column', () => {
    @Table('users') class User { @PrimaryKey() id!: number; }
    @Table('posts') class Post { @PrimaryKey() id!: number; @Column() @BelongsTo(() => User) user?: number; }
    return [User, Post];
  }, [/^Post\.user: a relation property cannot also be a column/]],

  ['a decorator applied twice', () => {
    @Table('users') class User { @PrimaryKey() id!: number; @Column() @Column() name!: string; }
    return [User];
  }, [/^User\.name: @Column is applied twice; keep one/]],

  ['a table name over the identifier limit', () => {
    @Table('x'.repeat(64)) class Huge { @PrimaryKey() id!: number; }
    return [Huge];
  }, [/^Huge: the table name "x{64}" is 64 bytes long, over the 63-byte limit/, /@Table\('…'\)/]],

  ['an enum value with a quote', () => {
    @Table('users') class User { @PrimaryKey() id!: number; @Column({ enum: ["it's"] }) kind!: string; }
    return [User];
  }, [/^User\.kind: enum value "it's" contains a single quote, which knex writes unescaped where an engine declares the values in the column's own definition/]],

  ['not a class at all', () => [42], [/^entities: expected entity classes, but got number \(42\)/]],
];

describe('registration errors name Class.property and say what to change', () => {
  it.each(CASES)('%s', (_what, classes, patterns) => {
    const message = errorOf(() => MetadataRegistry.build(classes()));
    for (const pattern of patterns) expect(message).toMatch(pattern);
  });

  it('registers a class compiled without decorator metadata whose columns state their types', () => {
    class Todo { id!: number; title!: string; }
    PrimaryKey({ type: 'integer' })(Todo.prototype, 'id');
    Column({ type: 'string' })(Todo.prototype, 'title');
    Table('todos')(Todo);
    expect(MetadataRegistry.build([Todo]).get(Todo).columns.map((c) => c.type)).toEqual(['integer', 'string']);
  });

  it('takes a type declared with null on a nullable column, and one declared with undefined on any', () => {
    @Table('users') class User {
      @PrimaryKey() id!: number;
      @Column({ type: 'string', nullable: true }) nick!: string | null;
      @Column({ type: 'integer', default: 0 }) score?: number | undefined;
      @DeletedAt() deletedAt!: Date | null;
    }
    Reflect.defineMetadata('strata:declared-type', { text: 'string | null', nullable: true, includesNull: true, base: 'string' }, User.prototype, 'nick');
    Reflect.defineMetadata('strata:declared-type', { text: 'number | undefined', nullable: true, includesNull: false, base: 'integer' }, User.prototype, 'score');
    Reflect.defineMetadata('strata:declared-type', { text: 'Date | null', nullable: true, includesNull: true, base: 'datetime' }, User.prototype, 'deletedAt');
    expect(MetadataRegistry.build([User]).get(User).columns.map((c) => [c.property, c.nullable])).toEqual([['id', false], ['nick', true], ['score', false], ['deletedAt', true]]);
  });

  it('reports every problem at once, one per line', () => {
    @Table('users') class User { @PrimaryKey() id!: number; @Column({ nullable: true }) age!: number | null; @Column({ type: 'enum' }) kind!: string; }
    let error: unknown;
    try { MetadataRegistry.build([User]); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(EntityDefinitionError);
    expect((error as EntityDefinitionError).problems.map((p) => p.where)).toEqual(['User.age', 'User.kind']);
    expect((error as Error).message).toMatch(/^2 problems in the entity definitions:\n {2}- User\.age: .*\n {2}- User\.kind: /);
  });

  it('reaches the caller of Orm.connect before any connection is made', async () => {
    class Plain { @PrimaryKey() id!: number; }
    await expect(Orm.connect({ url: 'postgres://nobody@127.0.0.1:1/none', entities: [Plain] })).rejects.toThrow(/^Plain: is not an entity/);
  });
});

describe('decorators placed where they mean nothing', () => {
  it('rejects @Table on a property and @Column on a class or a static field', () => {
    expect(errorOf(() => { class A { @(Table('x') as unknown as PropertyDecorator) name!: string; } return A; })).toMatch(/@Table belongs on a class, not on name/);
    expect(errorOf(() => { @(Column() as unknown as ClassDecorator) class B {} return B; })).toMatch(/@Column belongs on an instance property, not on a class/);
    expect(errorOf(() => { class C { @Column() static count: number; } return C; })).toMatch(/@Column belongs on an instance property, not on static member count/);
  });

  it('rejects @Unique([...]) on a property and @Unique() without properties on a class', () => {
    expect(errorOf(() => { class A { @Unique(['a', 'b']) name!: string; } return A; })).toMatch(/@Unique\(\[\.\.\.\]\) lists properties and belongs on the class; on the property "name" use @Unique\(\)/);
    expect(errorOf(() => { @Index() class B {} return B; })).toMatch(/@Index on a class needs the properties it covers/);
  });
});
