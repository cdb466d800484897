import 'reflect-metadata';
import {
  BelongsTo, BelongsToMany, Column, type ColumnOptions, CreatedAt, HasMany, HasOne, Index, MetadataRegistry, PrimaryKey,
  type Relation, sql, Table, Unique, UpdatedAt,
} from 'strata-orm';
import { column } from '../../src/schema/factories';
import type { Column as ModelColumn } from '../../src/schema/model';
import { defineEntity } from '../helpers/entities';
import { modelOf, tableOf } from '../helpers/model';

enum Colour { Red = 'red', Green = 'green' }

/** [what, the @Column options (and the TypeScript type it decorates), the model column it yields] */
const COLUMN_OPTIONS: [string, ColumnOptions & { design?: unknown }, Partial<ModelColumn>][] = [
  ['string inferred, length 255', { design: String }, { type: 'string', length: 255, nullable: false }],
  ['number inferred as integer', { design: Number }, { type: 'integer' }],
  ['boolean inferred', { design: Boolean }, { type: 'boolean' }],
  ['Date inferred as datetime', { design: Date }, { type: 'datetime' }],
  ['bigint inferred', { design: BigInt }, { type: 'bigint' }],
  ['Buffer inferred as binary', { design: Buffer }, { type: 'binary' }],
  ['explicit type wins over inference', { design: String, type: 'text' }, { type: 'text' }],
  ['length', { type: 'string', length: 100 }, { type: 'string', length: 100 }],
  ['precision and scale', { type: 'decimal', precision: 10, scale: 2 }, { type: 'decimal', precision: 10, scale: 2 }],
  ['datetime precision', { type: 'datetime', precision: 3 }, { type: 'datetime', precision: 3 }],
  ['float', { type: 'float' }, { type: 'float' }],
  ['double', { type: 'double' }, { type: 'double' }],
  ['date', { type: 'date' }, { type: 'date' }],
  ['time', { type: 'time' }, { type: 'time' }],
  ['json', { type: 'json' }, { type: 'json' }],
  ['uuid', { type: 'uuid' }, { type: 'uuid' }],
  ['nullable', { type: 'integer', nullable: true }, { nullable: true }],
  ['column name', { design: String, name: 'display_name' }, { name: 'display_name' }],
  ['default string', { design: String, default: 'x' }, { default: { kind: 'literal', value: 'x' } }],
  ['default number', { design: Number, default: 7 }, { default: { kind: 'literal', value: 7 } }],
  ['default boolean', { design: Boolean, default: false }, { default: { kind: 'literal', value: false } }],
  ['default decimal, canonical', { type: 'decimal', precision: 8, scale: 2, default: 1.5 }, { default: { kind: 'literal', value: '1.5' } }],
  ['default bigint as bigint', { type: 'bigint', default: 10n }, { default: { kind: 'literal', value: '10' } }],
  ['default json, keys sorted', { type: 'json', default: { b: 1, a: [true] } }, { default: { kind: 'literal', value: '{"a":[true],"b":1}' } }],
  ['default Date', { type: 'datetime', default: new Date('2024-01-02T03:04:05Z') }, { default: { kind: 'literal', value: '2024-01-02T03:04:05.000Z' } }],
  ['default date string', { type: 'date', default: '2024-01-02' }, { default: { kind: 'literal', value: '2024-01-02' } }],
  ['default sql()', { type: 'datetime', default: sql('CURRENT_TIMESTAMP') }, { default: { kind: 'sql', expression: 'CURRENT_TIMESTAMP' } }],
  ['default null means none', { type: 'integer', nullable: true, default: null }, { default: undefined }],
  ['enum values', { type: 'enum', enum: ['a', 'b'] }, { type: 'enum', enum: 'things_prop_enum' }],
  ['enum inferred from values', { design: String, enum: ['a', 'b'], default: 'b' }, { type: 'enum', default: { kind: 'literal', value: 'b' } }],
  ['TypeScript string enum', { enum: Colour }, { type: 'enum', enum: 'things_prop_enum' }],
  ['comment', { type: 'text', comment: 'shown in psql' }, { comment: 'shown in psql' }],
];

describe('@Column options → model column', () => {
  it.each(COLUMN_OPTIONS)('%s', (_what, options, expected) => {
    const Thing = defineEntity('Thing', 'things', { prop: options });
    const table = tableOf(modelOf(Thing), 'things');
    const prop = table.columns.find((c) => c.name === (options.name ?? 'prop'))!;
    expect(prop).toEqual(expect.objectContaining(Object.fromEntries(Object.entries(expected).filter(([, v]) => v !== undefined))));
    if ('default' in expected && expected.default === undefined) expect(prop.default).toBeUndefined();
  });

  it('lists enum values, from an array or a TypeScript enum', () => {
    const Thing = defineEntity('Thing', 'things', { prop: { enum: Colour }, other: { type: 'enum', enum: ['x', 'y', 'z'] } });
    expect(modelOf(Thing).enums).toEqual([
      { name: 'things_prop_enum', values: ['red', 'green'] },
      { name: 'things_other_enum', values: ['x', 'y', 'z'] },
    ]);
  });

  it('records primary, unique and index options as constraints', () => {
    const Thing = defineEntity('Thing', 'things', {
      code: { type: 'string', length: 10, primary: true },
      email: { design: String, unique: true },
      slug: { design: String, unique: 'things_slug_key' },
      rank: { design: Number, index: true },
      city: { design: String, index: 'by_city' },
    });
    const table = tableOf(modelOf(Thing), 'things');
    expect(table.primaryKey).toEqual({ name: 'things_pkey', columns: ['id', 'code'] });
    expect(table.uniques).toEqual([
      { name: 'things_email_unique', columns: ['email'] },
      { name: 'things_slug_key', columns: ['slug'] },
    ]);
    expect(table.indexes).toEqual([
      { name: 'things_rank_index', columns: ['rank'] },
      { name: 'by_city', columns: ['city'] },
    ]);
  });

  it('records renamedFrom on the metadata, as a list', () => {
    const Thing = defineEntity('Thing', 'things', { handle: { type: 'string', renamedFrom: 'nick' }, title: { type: 'string', renamedFrom: ['name', 'label'] } });
    const entity = MetadataRegistry.build([Thing]).entities[0]!;
    expect(entity.columns.find((c) => c.property === 'handle')!.renamedFrom).toEqual(['nick']);
    expect(entity.columns.find((c) => c.property === 'title')!.renamedFrom).toEqual(['name', 'label']);
  });
});

describe('@Table', () => {
  @Table('users') class User { @PrimaryKey() id!: number; }
  @Table({ name: 'people', renamedFrom: 'persons' }) class Person { @PrimaryKey() id!: number; }
  @Table() class UserRole { @PrimaryKey() id!: number; }
  @Table() class Category { @PrimaryKey() id!: number; }
  @Table() class Address { @PrimaryKey() id!: number; }
  @Table() class Status { @PrimaryKey() id!: number; }

  it.each([
    [User, 'users'], [Person, 'people'], [UserRole, 'user_roles'], [Category, 'categories'], [Address, 'addresses'], [Status, 'statuses'],
  ] as const)('%p maps to table %s', (cls, table) => {
    expect(MetadataRegistry.build([cls]).get(cls).tableName).toBe(table);
  });

  it('records the earlier table name', () => {
    expect(MetadataRegistry.build([Person]).get(Person).renamedFrom).toEqual(['persons']);
  });
});

describe('primary keys', () => {
  @Table('a') class IntKey { @PrimaryKey() id!: number; }
  @Table('b') class BigKey { @PrimaryKey({ type: 'bigint' }) id!: bigint; }
  @Table('c') class StringKey { @PrimaryKey() code!: string; }
  @Table('d') class ManualKey { @PrimaryKey({ autoIncrement: false }) id!: number; }
  @Table('e') class UuidKey { @PrimaryKey({ type: 'uuid', default: sql('gen_random_uuid()') }) id!: string; }
  @Table('f') class Composite { @PrimaryKey() tenantId!: number; @PrimaryKey() userId!: number; @Column() name!: string; }

  it.each([
    [IntKey, 'a', { name: 'id', type: 'integer', autoIncrement: true }],
    [BigKey, 'b', { name: 'id', type: 'bigint', autoIncrement: true }],
    [StringKey, 'c', { name: 'code', type: 'string', length: 255, autoIncrement: false }],
    [ManualKey, 'd', { name: 'id', type: 'integer', autoIncrement: false }],
    [UuidKey, 'e', { name: 'id', type: 'uuid', autoIncrement: false, default: { kind: 'sql', expression: 'gen_random_uuid()' } }],
  ] as const)('%p', (cls, table, expected) => {
    const t = tableOf(modelOf(cls), table);
    expect(t.columns[0]).toMatchObject(expected);
    expect(t.columns[0]!.nullable).toBe(false);
    expect(t.primaryKey).toEqual({ name: `${table}_pkey`, columns: [expected.name] });
  });

  it('composite keys never auto-increment', () => {
    const t = tableOf(modelOf(Composite), 'f');
    expect(t.primaryKey).toEqual({ name: 'f_pkey', columns: ['tenant_id', 'user_id'] });
    expect(t.columns.filter((c) => c.autoIncrement)).toEqual([]);
  });
});

describe('modifiers and class-level constraints', () => {
  @Table('accounts')
  @Unique(['firstName', 'lastName'])
  @Unique(['nick'], { name: 'accounts_nick_key' })
  @Index(['lastName', 'firstName'])
  @Index(['createdAt'], { name: 'accounts_recent' })
  class Account {
    @PrimaryKey() id!: number;
    @Unique() @Column() email!: string;
    @Column() @Unique() login!: string;
    @Index() @Column() city!: string;
    @Column() firstName!: string;
    @Column() lastName!: string;
    @Column() nick!: string;
    @CreatedAt() createdAt!: Date;
    @UpdatedAt({ name: 'modified' }) updatedAt!: Date;
  }

  const table = tableOf(modelOf(Account), 'accounts');

  it('accepts @Unique and @Index before or after @Column', () => {
    expect(table.uniques.map((u) => u.name)).toEqual(expect.arrayContaining(['accounts_email_unique', 'accounts_login_unique']));
    expect(table.indexes.map((i) => i.name)).toContain('accounts_city_index');
  });

  it('creates composite uniques and indexes from the class, in the listed order', () => {
    expect(table.uniques).toEqual(expect.arrayContaining([
      { name: 'accounts_first_name_last_name_unique', columns: ['first_name', 'last_name'] },
      { name: 'accounts_nick_key', columns: ['nick'] },
    ]));
    expect(table.indexes).toEqual(expect.arrayContaining([
      { name: 'accounts_last_name_first_name_index', columns: ['last_name', 'first_name'] },
      { name: 'accounts_recent', columns: ['created_at'] },
    ]));
  });

  it('makes @CreatedAt and @UpdatedAt NOT NULL datetimes defaulting to the current time', () => {
    const expected = { type: 'datetime', nullable: false, default: { kind: 'sql', expression: 'CURRENT_TIMESTAMP' } };
    expect(table.columns.find((c) => c.name === 'created_at')).toMatchObject(expected);
    expect(table.columns.find((c) => c.name === 'modified')).toMatchObject(expected);
    const meta = MetadataRegistry.build([Account]).get(Account);
    expect(meta.columns.filter((c) => c.timestamp).map((c) => [c.property, c.timestamp])).toEqual([['createdAt', 'createdAt'], ['updatedAt', 'updatedAt']]);
  });
});

describe('relations', () => {
  @Table('users')
  class User {
    @PrimaryKey() id!: number;
    @HasMany(() => Post) posts?: Relation<Post[]>;
    @HasOne(() => Profile) profile?: Relation<Profile>;
    @BelongsToMany(() => Role, { through: () => UserRole }) roles?: Relation<Role[]>;
    @HasMany(() => Post, { foreignKey: 'reviewerId' }) reviewed?: Relation<Post[]>;
  }

  @Table('posts')
  class Post {
    @PrimaryKey() id!: number;
    @BelongsTo(() => User, { onDelete: 'cascade', onUpdate: 'CASCADE' }) user?: User;
    @Column({ nullable: true, type: 'integer' }) reviewerId!: number | null;
    @BelongsTo(() => Post, { foreignKey: 'parentId', nullable: true, onDelete: 'set null' }) parent?: Post;
  }

  @Table('profiles')
  class Profile {
    @PrimaryKey() id!: number;
    @Column() userId!: number;
    @BelongsTo(() => User) user?: User;
  }

  @Table('roles')
  class Role { @PrimaryKey() id!: number; @BelongsToMany(() => User, { through: () => UserRole }) users?: User[]; }

  @Table('user_roles')
  class UserRole { @PrimaryKey({ autoIncrement: false }) userId!: number; @PrimaryKey({ autoIncrement: false }) roleId!: number; }

  const registry = MetadataRegistry.build([User, Post, Profile, Role, UserRole]);
  const schema = modelOf(User, Post, Profile, Role, UserRole);

  it('adds the <relation>Id column for a @BelongsTo, typed like the target key', () => {
    expect(tableOf(schema, 'posts').columns.find((c) => c.name === 'user_id')).toEqual(column({ name: 'user_id', type: 'integer' }));
    expect(tableOf(schema, 'posts').columns.find((c) => c.name === 'parent_id')).toEqual(column({ name: 'parent_id', type: 'integer', nullable: true }));
  });

  it('uses a declared foreign key column instead of adding one', () => {
    expect(tableOf(schema, 'profiles').columns.map((c) => c.name)).toEqual(['id', 'user_id']);
  });

  it('creates foreign keys with their actions, named <table>_<columns>_foreign', () => {
    expect(tableOf(schema, 'posts').foreignKeys).toEqual([
      { name: 'posts_user_id_foreign', columns: ['user_id'], referencedTable: 'users', referencedColumns: ['id'], onDelete: 'cascade', onUpdate: 'cascade' },
      { name: 'posts_parent_id_foreign', columns: ['parent_id'], referencedTable: 'posts', referencedColumns: ['id'], onDelete: 'set null', onUpdate: 'no action' },
      { name: 'posts_reviewer_id_foreign', columns: ['reviewer_id'], referencedTable: 'users', referencedColumns: ['id'], onDelete: 'no action', onUpdate: 'no action' },
    ]);
  });

  it('resolves @HasMany and @HasOne through the inverse @BelongsTo, or the foreignKey option', () => {
    const user = registry.get(User);
    expect(user.relations).toEqual(expect.arrayContaining([
      { kind: 'hasMany', property: 'posts', target: Post, foreignKey: 'userId', sourceKey: 'id' },
      { kind: 'hasOne', property: 'profile', target: Profile, foreignKey: 'userId', sourceKey: 'id' },
      { kind: 'hasMany', property: 'reviewed', target: Post, foreignKey: 'reviewerId', sourceKey: 'id' },
    ]));
  });

  it('resolves @BelongsToMany through the junction, and gives the junction cascading foreign keys', () => {
    expect(registry.get(User).relations).toContainEqual({
      kind: 'belongsToMany', property: 'roles', target: Role, through: UserRole, foreignKey: 'userId', otherKey: 'roleId', sourceKey: 'id', targetKey: 'id',
    });
    expect(registry.get(Role).relations).toContainEqual(expect.objectContaining({ property: 'users', foreignKey: 'roleId', otherKey: 'userId' }));
    expect(tableOf(schema, 'user_roles').foreignKeys.map((fk) => [fk.columns[0], fk.referencedTable, fk.onDelete])).toEqual([
      ['user_id', 'users', 'cascade'], ['role_id', 'roles', 'cascade'],
    ]);
  });
});

describe('inheritance', () => {
  abstract class Base {
    @PrimaryKey() id!: number;
    @CreatedAt() createdAt!: Date;
  }
  @Table('notes') class Note extends Base { @Column({ type: 'text' }) body!: string; }

  it('puts inherited columns first', () => {
    expect(tableOf(modelOf(Note), 'notes').columns.map((c) => c.name)).toEqual(['id', 'created_at', 'body']);
  });
});

describe('the registry', () => {
  @Table('solo') class Solo { @PrimaryKey() id!: number; }
  it('freezes metadata and ignores duplicates in the list', () => {
    const registry = MetadataRegistry.build([Solo, Solo]);
    expect(registry.entities).toHaveLength(1);
    expect(Object.isFrozen(registry.get(Solo))).toBe(true);
    expect(Object.isFrozen(registry.get(Solo).columns[0])).toBe(true);
  });
});
