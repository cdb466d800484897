import type { Column } from '../../schema/model';
import { call } from '../../steps/step';
import { knexTypeCall, type TypeCall } from '../common/columns';

/**
 * knex writes `double` and `decimal` as `float` on SQLite, which would lose the distinction on the way
 * back; SQLite keeps a column's declared type verbatim, so those two are declared explicitly.
 */
export const sqliteTypeCall: TypeCall = (column, schema, inlinePrimaryKey) => {
  if (column.type === 'double') return call('specificType', column.name, 'double');
  if (column.type === 'decimal') {
    const size = column.precision === undefined ? '' : `(${column.precision}, ${column.scale ?? 0})`;
    return call('specificType', column.name, `decimal${size}`);
  }
  return knexTypeCall(column, schema, inlinePrimaryKey);
};

/** A column's type in model terms; `approximate` where Strata would create another type for it (see TypeApproximation). */
export type TypeParts = Pick<Column, 'type' | 'length' | 'precision' | 'scale'> & { readonly approximate?: true };

/** A declared column type (as `PRAGMA table_info` returns it) in model terms. */
export function parseSqliteType(declared: string): TypeParts {
  const t = declared.trim().toLowerCase();
  let m: RegExpExecArray | null;
  if (t === 'char(36)') return { type: 'uuid' };
  if ((m = /^(?:varchar|character varying|nvarchar|varying character|char|character|nchar)\s*(?:\(\s*(\d+)\s*\))?$/.exec(t))) {
    return m[1] ? { type: 'string', length: Number(m[1]) } : { type: 'string' };
  }
  if ((m = /^(?:decimal|numeric)\s*(?:\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?$/.exec(t))) {
    return m[1] ? { type: 'decimal', precision: Number(m[1]), scale: Number(m[2] ?? 0) } : { type: 'decimal' };
  }
  const simple: Record<string, Column['type']> = {
    text: 'text', clob: 'text', integer: 'integer', int: 'integer', smallint: 'integer', tinyint: 'integer',
    mediumint: 'integer', bigint: 'bigint', float: 'float', real: 'float', double: 'double',
    'double precision': 'double', boolean: 'boolean', bool: 'boolean', date: 'date', datetime: 'datetime',
    timestamp: 'datetime', time: 'time', json: 'json', jsonb: 'json', blob: 'binary', uuid: 'uuid',
  };
  const named = simple[t] ?? simple[t.replace(/\s*\(.*\)$/, '')];
  if (named) return { type: named };
  const type = byAffinity(t);
  // SQLite keeps numbers in a column of another name (MONEY, NUMBER), which the model has no one type for.
  return type === 'text' && t !== '' && !/char|clob|text/.test(t) ? { type, approximate: true } : { type };
}

/**
 * Any other type name by the affinity SQLite gives its words (see "Determination of Column Affinity" in SQLite's
 * documentation): `INT(11)`, `TINYINT(1)` and `UNSIGNED BIG INT` hold integers, `DOUBLE(10,2)` and `FLOAT4`
 * floating point, `BLOB SUB_TYPE 0` bytes. The rest is read as text: `VARCHAR2(20)` is text to SQLite too, while
 * `MONEY` (numeric to SQLite) has no one type in the model that would keep every value it may hold.
 */
function byAffinity(t: string): Column['type'] {
  if (t.includes('int')) return /big|int8/.test(t) ? 'bigint' : 'integer';
  if (t.includes('char') || t.includes('clob') || t.includes('text')) return 'text';
  if (t.includes('blob')) return 'binary';
  if (t.includes('doub')) return 'double';
  if (t.includes('real') || t.includes('floa')) return 'float';
  return 'text';
}
