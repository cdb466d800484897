import { applyChanges } from '../../src/changes/apply';
import type { Change } from '../../src/changes/change';
import { invertAll } from '../../src/changes/invert';
import { diffSchemas, type DiffOptions } from '../../src/diff/diff';
import { NO_RENAMES, type Renames } from '../../src/diff/renames';
import { column, foreignKey, schema, table } from '../../src/schema/factories';
import { canonicalSchema } from '../../src/schema/equality';
import type { Schema, Table } from '../../src/schema/model';

const id = column({ name: 'id', type: 'integer', autoIncrement: true });
const pk = (t: string) => ({ name: `${t}_pkey`, columns: ['id'] });
const str = (name: string, extra = {}) => column({ name, type: 'string', length: 255, ...extra });
const int = (name: string, extra = {}) => column({ name, type: 'integer', ...extra });
const users = (...more: Parameters<typeof table>[0]['columns'][number][]): Table =>
  table({ name: 'users', columns: [id, str('email'), ...more], primaryKey: pk('users') });
const posts = (extra: Partial<Table> = {}): Table => table({
  name: 'posts', columns: [id, int('user_id')], primaryKey: pk('posts'),
  foreignKeys: [foreignKey({ name: 'posts_user_id_foreign', columns: ['user_id'], referencedTable: 'users', referencedColumns: ['id'] })],
  ...extra,
});
const PIN: DiffOptions = { foreignKeysPinTypes: true };
const bigId = column({ name: 'id', type: 'bigint', autoIncrement: true });
const renames = (tables: [string, string[]][] = [], columns: [string, [string, string[]][]][] = []): Renames => ({
  tables: new Map(tables), columns: new Map(columns.map(([t, cs]) => [t, new Map(cs)])),
});

/** [what, from, to, expected change summaries (kind plus the names involved), options] */
const CASES: [string, Schema, Schema, string[], DiffOptions?][] = [
  ['nothing changed', schema({ tables: [users()] }), schema({ tables: [users()] }), []],
  ['a new table', schema(), schema({ tables: [users()] }), ['createTable users']],
  ['tables are created parents first', schema(), schema({ tables: [posts(), users()] }), ['createTable users', 'createTable posts']],
  ['a dropped table, children first', schema({ tables: [users(), posts()] }), schema(), ['dropTable posts', 'dropTable users']],
  ['a declared table rename', schema({ tables: [{ ...users(), name: 'accounts', primaryKey: pk('accounts') }] }), schema({ tables: [users()] }),
    ['renameTable accounts→users', 'renameConstraint users accounts_pkey→users_pkey'], { renames: renames([['users', ['accounts']]]) }],
  ['an undeclared rename is a drop and a create', schema({ tables: [{ ...users(), name: 'accounts', primaryKey: pk('accounts') }] }), schema({ tables: [users()] }),
    ['createTable users', 'dropTable accounts']],
  ['a new column', schema({ tables: [users()] }), schema({ tables: [users(int('age', { nullable: true }))] }), ['addColumn users.age']],
  ['a dropped column', schema({ tables: [users(int('age'))] }), schema({ tables: [users()] }), ['dropColumn users.age']],
  ['a declared column rename', schema({ tables: [users(str('nick'))] }), schema({ tables: [users(str('handle'))] }),
    ['renameColumn users.nick→handle'], { renames: renames([], [['users', [['handle', ['nick']]]]]) }],
  ['an undeclared column rename is a drop and an add', schema({ tables: [users(str('nick'))] }), schema({ tables: [users(str('handle'))] }),
    ['addColumn users.handle', 'dropColumn users.nick']],
  ['a type change', schema({ tables: [users(int('age'))] }), schema({ tables: [users(column({ name: 'age', type: 'bigint' }))] }), ['alterColumn users.age']],
  ['a length change', schema({ tables: [users(str('nick'))] }), schema({ tables: [users(str('nick', { length: 20 }))] }), ['alterColumn users.nick']],
  ['a precision change', schema({ tables: [users(column({ name: 'n', type: 'decimal', precision: 8, scale: 2 }))] }),
    schema({ tables: [users(column({ name: 'n', type: 'decimal', precision: 10, scale: 2 }))] }), ['alterColumn users.n']],
  ['a nullability change', schema({ tables: [users(int('age'))] }), schema({ tables: [users(int('age', { nullable: true }))] }), ['alterColumn users.age']],
  ['a default change', schema({ tables: [users(int('age'))] }), schema({ tables: [users(int('age', { default: { kind: 'literal', value: 1 } }))] }), ['alterColumn users.age']],
  ['a new unique and index', schema({ tables: [users()] }),
    schema({ tables: [{ ...users(), uniques: [{ name: 'users_email_unique', columns: ['email'] }], indexes: [{ name: 'users_email_index', columns: ['email'] }] }] }),
    ['addUnique users.users_email_unique', 'addIndex users.users_email_index']],
  ['a dropped unique and index', schema({ tables: [{ ...users(), uniques: [{ name: 'u', columns: ['email'] }], indexes: [{ name: 'i', columns: ['email'] }] }] }),
    schema({ tables: [users()] }), ['dropUnique users.u', 'dropIndex users.i']],
  ['an index whose columns changed is dropped and added', schema({ tables: [{ ...users(int('a')), indexes: [{ name: 'i', columns: ['email'] }] }] }),
    schema({ tables: [{ ...users(int('a')), indexes: [{ name: 'i', columns: ['email', 'a'] }] }] }), ['dropIndex users.i', 'addIndex users.i']],
  ['an index under another name is renamed', schema({ tables: [{ ...users(), indexes: [{ name: 'old', columns: ['email'] }] }] }),
    schema({ tables: [{ ...users(), indexes: [{ name: 'new', columns: ['email'] }] }] }), ['renameConstraint users old→new']],
  ['a new foreign key', schema({ tables: [users(), posts({ foreignKeys: [] })] }), schema({ tables: [users(), posts()] }), ['addForeignKey posts.posts_user_id_foreign']],
  ['a changed on delete is dropped and added', schema({ tables: [users(), posts()] }),
    schema({ tables: [users(), posts({ foreignKeys: [foreignKey({ name: 'posts_user_id_foreign', columns: ['user_id'], referencedTable: 'users', referencedColumns: ['id'], onDelete: 'cascade' })] })] }),
    ['dropForeignKey posts.posts_user_id_foreign', 'addForeignKey posts.posts_user_id_foreign']],
  ['a primary key change', schema({ tables: [users()] }), schema({ tables: [{ ...users(), primaryKey: { name: 'users_pkey', columns: ['id', 'email'] } }] }),
    ['dropPrimaryKey users.users_pkey', 'addPrimaryKey users.users_pkey']],
  ['a new enum before the column using it', schema({ tables: [users()] }),
    schema({ tables: [users(column({ name: 'kind', type: 'enum', enum: 'k' }))], enums: [{ name: 'k', values: ['a'] }] }), ['createEnum k', 'addColumn users.kind']],
  ['an enum dropped after the column using it', schema({ tables: [users(column({ name: 'kind', type: 'enum', enum: 'k' }))], enums: [{ name: 'k', values: ['a'] }] }),
    schema({ tables: [users()] }), ['dropColumn users.kind', 'dropEnum k']],
  ['an enum extended before the columns change', schema({ tables: [users(column({ name: 'kind', type: 'enum', enum: 'k' }))], enums: [{ name: 'k', values: ['a'] }] }),
    schema({ tables: [users(column({ name: 'kind', type: 'enum', enum: 'k', default: { kind: 'literal', value: 'b' } }))], enums: [{ name: 'k', values: ['a', 'b'] }] }),
    ['alterEnum k', 'alterColumn users.kind']],
  ['an enum losing values is reshaped after the columns change', schema({ tables: [users(column({ name: 'kind', type: 'enum', enum: 'k', default: { kind: 'literal', value: 'b' } }))], enums: [{ name: 'k', values: ['a', 'b'] }] }),
    schema({ tables: [users(column({ name: 'kind', type: 'enum', enum: 'k' }))], enums: [{ name: 'k', values: ['a'] }] }),
    ['alterColumn users.kind', 'alterEnum k']],
  ['an enum follows its renamed table', schema({ tables: [{ ...users(column({ name: 'kind', type: 'enum', enum: 'accounts_kind_enum' })), name: 'accounts' }], enums: [{ name: 'accounts_kind_enum', values: ['a'] }] }),
    schema({ tables: [users(column({ name: 'kind', type: 'enum', enum: 'users_kind_enum' }))], enums: [{ name: 'users_kind_enum', values: ['a'] }] }),
    ['renameTable accounts→users', 'renameEnum accounts_kind_enum→users_kind_enum'], { renames: renames([['users', ['accounts']]]) }],
  ['a dropped column takes its index with it, index first', schema({ tables: [{ ...users(int('a')), indexes: [{ name: 'i', columns: ['a'] }] }] }),
    schema({ tables: [users()] }), ['dropIndex users.i', 'dropColumn users.a']],
  ['tables in a cycle: one key waits until both exist', schema(), schema({ tables: cycle() }),
    ['createTable a', 'createTable b', 'addForeignKey a.a_b_id_foreign']],
  ['tables in a cycle where references may point forward', schema(), schema({ tables: cycle() }), ['createTable a', 'createTable b'], { forwardReferences: true }],
  ['dropping tables in a cycle drops the waiting key first', schema({ tables: cycle() }), schema(),
    ['dropForeignKey a.a_b_id_foreign', 'dropTable b', 'dropTable a']],
  ['a self-reference stays inside its table', schema(), schema({ tables: [selfReferencing()] }), ['createTable nodes']],
  // Where a foreign key pins its columns' types (MariaDB): out of the way while they change, on either side.
  ['a key widened with the column that references it: the foreign key is dropped first, added last', schema({ tables: [users(), posts()] }),
    schema({ tables: [bigUsers(), posts({ columns: [id, column({ name: 'user_id', type: 'bigint' })] })] }),
    ['dropForeignKey posts.posts_user_id_foreign', 'alterColumn users.id', 'alterColumn posts.user_id', 'addForeignKey posts.posts_user_id_foreign'], PIN],
  ['the same, where foreign keys do not pin their types', schema({ tables: [users(), posts()] }),
    schema({ tables: [bigUsers(), posts({ columns: [id, column({ name: 'user_id', type: 'bigint' })] })] }),
    ['alterColumn users.id', 'alterColumn posts.user_id']],
  ['a self-reference of a widened key', schema({ tables: [selfReferencing()] }),
    schema({ tables: [{ ...selfReferencing(), columns: [bigId, column({ name: 'parent_id', type: 'bigint', nullable: true })] }] }),
    ['dropForeignKey nodes.nodes_parent_id_foreign', 'alterColumn nodes.id', 'alterColumn nodes.parent_id', 'addForeignKey nodes.nodes_parent_id_foreign'], PIN],
  ['a widened key referenced by a table dropped in the same migration: its foreign key goes first', schema({ tables: [users(), posts()] }),
    schema({ tables: [bigUsers()] }), ['dropForeignKey posts.posts_user_id_foreign', 'alterColumn users.id', 'dropTable posts'], PIN],
  ['a widened key referenced by a new table: its foreign key waits for the change', schema({ tables: [users()] }),
    schema({ tables: [bigUsers(), posts({ columns: [id, column({ name: 'user_id', type: 'bigint' })] })] }),
    ['createTable posts', 'alterColumn users.id', 'addForeignKey posts.posts_user_id_foreign'], PIN],
  ['a renamed foreign key of a widened column is dropped and added under its new name', schema({ tables: [users(), posts({ foreignKeys: [foreignKey({ name: 'old_fk', columns: ['user_id'], referencedTable: 'users', referencedColumns: ['id'] })] })] }),
    schema({ tables: [bigUsers(), posts({ columns: [id, column({ name: 'user_id', type: 'bigint' })] })] }),
    ['dropForeignKey posts.old_fk', 'alterColumn users.id', 'alterColumn posts.user_id', 'addForeignKey posts.posts_user_id_foreign'], PIN],
  ['a foreign key whose columns change only their nullability stays', schema({ tables: [users(), posts()] }),
    schema({ tables: [users(), posts({ columns: [id, int('user_id', { nullable: true })] })] }), ['alterColumn posts.user_id'], PIN],
];

function bigUsers(): Table {
  return { ...users(), columns: [bigId, str('email')] };
}

function cycle(): Table[] {
  const side = (name: string, other: string): Table => table({
    name, columns: [id, int(`${other}_id`, { nullable: true })], primaryKey: pk(name),
    foreignKeys: [foreignKey({ name: `${name}_${other}_id_foreign`, columns: [`${other}_id`], referencedTable: other, referencedColumns: ['id'] })],
  });
  return [side('a', 'b'), side('b', 'a')];
}

function selfReferencing(): Table {
  return table({
    name: 'nodes', columns: [id, int('parent_id', { nullable: true })], primaryKey: pk('nodes'),
    foreignKeys: [foreignKey({ name: 'nodes_parent_id_foreign', columns: ['parent_id'], referencedTable: 'nodes', referencedColumns: ['id'] })],
  });
}

function summary(c: Change): string {
  switch (c.kind) {
    case 'createTable': case 'dropTable': return `${c.kind} ${c.table.name}`;
    case 'renameTable': case 'renameEnum': return `${c.kind} ${c.from}→${c.to}`;
    case 'addColumn': case 'dropColumn': return `${c.kind} ${c.table}.${c.column.name}`;
    case 'renameColumn': return `${c.kind} ${c.table}.${c.from}→${c.to}`;
    case 'alterColumn': return `${c.kind} ${c.table}.${c.to.name}`;
    case 'addPrimaryKey': case 'dropPrimaryKey': return `${c.kind} ${c.table}.${c.primaryKey.name}`;
    case 'addUnique': case 'dropUnique': return `${c.kind} ${c.table}.${c.unique.name}`;
    case 'addIndex': case 'dropIndex': return `${c.kind} ${c.table}.${c.index.name}`;
    case 'addForeignKey': case 'dropForeignKey': return `${c.kind} ${c.table}.${c.foreignKey.name}`;
    case 'renameConstraint': return `${c.kind} ${c.table} ${c.from}→${c.to}`;
    case 'createEnum': case 'dropEnum': return `${c.kind} ${c.enum.name}`;
    case 'alterEnum': return `${c.kind} ${c.to.name}`;
  }
}

describe('diffSchemas', () => {
  // One argument per case: jest's each() reads a parameter beyond the row's length as a done callback.
  it.each(CASES.map((c) => [c[0], c] as const))('%s', (_what, [, from, to, expected, options]) => {
    const changes = diffSchemas(from, to, { renames: NO_RENAMES, ...options });
    expect(changes.map(summary)).toEqual(expected);
    expect(canonicalSchema(applyChanges(from, changes))).toEqual(canonicalSchema(to));
    expect(canonicalSchema(applyChanges(to, invertAll(changes)))).toEqual(canonicalSchema(from));
  });

  it('carries the data a rename keeps: the renamed column keeps its attributes, and its index follows', () => {
    const from = schema({ tables: [{ ...users(str('nick')), indexes: [{ name: 'users_nick_index', columns: ['nick'] }] }] });
    const to = schema({ tables: [{ ...users(str('handle')), indexes: [{ name: 'users_handle_index', columns: ['handle'] }] }] });
    const changes = diffSchemas(from, to, { renames: renames([], [['users', [['handle', ['nick']]]]]) });
    expect(changes.map(summary)).toEqual(['renameColumn users.nick→handle', 'renameConstraint users users_nick_index→users_handle_index']);
  });

  it('ignores a declared rename whose old name is gone or still wanted', () => {
    const from = schema({ tables: [users(str('nick'), str('handle'))] });
    const to = schema({ tables: [users(str('nick'), str('handle'), str('alias'))] });
    const changes = diffSchemas(from, to, { renames: renames([], [['users', [['alias', ['nick', 'missing']]]]]) });
    expect(changes.map(summary)).toEqual(['addColumn users.alias']);
  });

  it('does not modify its inputs', () => {
    const from = schema({ tables: [users(int('age'))] });
    const copy = JSON.parse(JSON.stringify(from));
    diffSchemas(from, schema());
    expect(from).toEqual(copy);
  });
});
