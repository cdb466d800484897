import { getEnum } from '../../schema/lookup';
import type { Column, DefaultValue, ForeignKey, Index, PrimaryKey, Schema, Table, TableMember, Unique } from '../../schema/model';
import { primaryKeyName } from '../../schema/names';
import { assertNever } from '../../util/assert-never';
import { type Arg, call, type Call, type Chain, RawSql } from '../../steps/step';

/** Chooses the knex column method for a column; dialects override it for types knex maps lossily. */
export type TypeCall = (column: Column, schema: Schema, inlinePrimaryKey: boolean) => Call;

/**
 * The knex column method for each logical type, which knex maps to each engine's types; a dialect overrides the
 * ones its engine needs otherwise (see `TypeCall`). An enum is knex's `enu` with its values, which knex writes as
 * the engine's enum or as a CHECK constraint; a dialect whose enums are named types of their own names them instead.
 */
export const knexTypeCall: TypeCall = (column, schema, inlinePrimaryKey) => {
  const name = column.name;
  const notInline: Arg[] = inlinePrimaryKey ? [] : [{ primaryKey: false }];
  switch (column.type) {
    // Without a length, the unbounded varchar a database read may have (an entity's string always has one).
    case 'string': return column.length === undefined ? call('specificType', name, 'varchar') : call('string', name, column.length);
    case 'text': return call('text', name);
    case 'integer': return column.autoIncrement ? call('increments', name, ...notInline) : call('integer', name);
    case 'bigint': return column.autoIncrement ? call('bigIncrements', name, ...notInline) : call('bigInteger', name);
    case 'float': return call('float', name);
    case 'double': return call('double', name);
    // knex turns a missing scale into 2, so an explicit 0 keeps `decimal(10)` what it says.
    case 'decimal': return column.precision === undefined ? call('decimal', name, null) : call('decimal', name, column.precision, column.scale ?? 0);
    case 'boolean': return call('boolean', name);
    case 'date': return call('date', name);
    case 'datetime': return call('datetime', name, column.precision === undefined ? { useTz: true } : { useTz: true, precision: column.precision });
    case 'time': return call('time', name);
    case 'json': return call('jsonb', name);
    case 'uuid': return call('uuid', name);
    case 'binary': return call('binary', name);
    case 'enum': return call('enu', name, [...getEnum(schema, column.enum!).values]);
    default: return assertNever(column.type, 'column type');
  }
};

/** `t.string('name', 100).notNullable().defaultTo('x')`, without the receiver. */
export function columnChain(column: Column, schema: Schema, typeCall: TypeCall, inlinePrimaryKey = false): Call[] {
  const chain = [typeCall(column, schema, inlinePrimaryKey)];
  if (!column.autoIncrement) chain.push(call(column.nullable ? 'nullable' : 'notNullable'));
  if (column.default) chain.push(call('defaultTo', defaultArg(column.default)));
  if (column.comment !== undefined) chain.push(call('comment', column.comment));
  return chain;
}

export function defaultArg(value: DefaultValue): Arg {
  return value.kind === 'sql' ? new RawSql(value.expression) : value.value;
}

/** A single auto-increment key under the name the engine gives it: written inline by `t.increments()`. */
export function hasInlinePrimaryKey(table: Table): boolean {
  const key = table.primaryKey;
  if (!key || key.columns.length !== 1 || key.name !== primaryKeyName(table.name)) return false;
  return table.columns.some((c) => c.name === key.columns[0] && c.autoIncrement);
}

export function primaryChain(key: PrimaryKey): Chain {
  return [call('primary', [...key.columns], key.name)];
}

export function uniqueChain(unique: Unique): Chain {
  return [call('unique', [...unique.columns], { indexName: unique.name })];
}

export function indexChain(index: Index): Chain {
  return [call('index', [...index.columns], index.name)];
}

export function foreignChain(fk: ForeignKey): Chain {
  // knex types a multi-column foreign() to take an array of references, a single-column one a string.
  const single = fk.columns.length === 1 && fk.referencedColumns.length === 1;
  const chain: Call[] = [
    call('foreign', single ? fk.columns[0]! : [...fk.columns], fk.name),
    call('references', single ? fk.referencedColumns[0]! : [...fk.referencedColumns]),
    call('inTable', fk.referencedTable),
  ];
  if (fk.onDelete !== 'no action') chain.push(call('onDelete', fk.onDelete.toUpperCase()));
  if (fk.onUpdate !== 'no action') chain.push(call('onUpdate', fk.onUpdate.toUpperCase()));
  return chain;
}

/**
 * What the body of a `createTable` callback writes for each member of the table, in this order: columns, then keys,
 * uniques, indexes and foreign keys. A member missing here does not compile (see `TableMember`). `inline`: the
 * primary key is written by its column (see `hasInlinePrimaryKey`).
 */
const TABLE_BODY: { readonly [K in TableMember]: (table: Table, schema: Schema, typeCall: TypeCall, inline: boolean) => Chain[] } = {
  columns: (table, schema, typeCall, inline) => table.columns.map((c) => columnChain(c, schema, typeCall, inline)),
  primaryKey: (table, _schema, _typeCall, inline) => (table.primaryKey && !inline ? [primaryChain(table.primaryKey)] : []),
  uniques: (table) => table.uniques.map(uniqueChain),
  indexes: (table) => table.indexes.map(indexChain),
  foreignKeys: (table) => table.foreignKeys.map(foreignChain),
};

/** The members `{ indexes: false }` leaves out of a table's body, to be created later (a rebuild's copy). */
const INDEXES: readonly TableMember[] = ['uniques', 'indexes'];

/** The body of a `createTable` callback (see TABLE_BODY); `indexes: false` leaves out its uniques and indexes. */
export function tableBody(table: Table, schema: Schema, typeCall: TypeCall, options: { indexes?: boolean } = {}): Chain[] {
  const inline = hasInlinePrimaryKey(table);
  const members = (Object.keys(TABLE_BODY) as TableMember[]).filter((member) => options.indexes !== false || !INDEXES.includes(member));
  return members.flatMap((member) => TABLE_BODY[member](table, schema, typeCall, inline));
}
