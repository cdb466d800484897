import type { Column } from '../../schema/model';
import { call } from '../../steps/step';
import { knexTypeCall, type TypeCall } from '../common/columns';
import { quoteIdentifier } from '../common/sql-text';

/**
 * An enum column names its type, quoted by the dialect: knex's `enu(…, { enumName })` writes the name
 * between double quotes without doubling the ones inside it, a syntax error for a table named `we"ird`.
 */
export const postgresTypeCall: TypeCall = (column, schema, inlinePrimaryKey) =>
  column.type === 'enum' ? call('specificType', column.name, quoteIdentifier(column.enum!)) : knexTypeCall(column, schema, inlinePrimaryKey);

export type TypeParts = Pick<Column, 'type' | 'length' | 'precision' | 'scale' | 'enum'>;

/**
 * A column type as `format_type()` prints it, in model terms. `enumName` is set when the type is a
 * user-defined enum. Types outside the model are read as the closest model type (`smallint` → integer).
 */
export function parsePgType(formatted: string, enumName?: string): TypeParts {
  if (enumName) return { type: 'enum', enum: enumName };
  const t = formatted.toLowerCase();
  let m: RegExpExecArray | null;
  if ((m = /^character varying(?:\((\d+)\))?$/.exec(t)) || (m = /^character(?:\((\d+)\))?$/.exec(t))) {
    return m[1] ? { type: 'string', length: Number(m[1]) } : { type: 'string' };
  }
  if ((m = /^numeric(?:\((\d+),(\d+)\))?$/.exec(t))) {
    return m[1] ? { type: 'decimal', precision: Number(m[1]), scale: Number(m[2]) } : { type: 'decimal' };
  }
  if ((m = /^timestamp(?:\((\d+)\))? with(out)? time zone$/.exec(t))) {
    return m[1] ? { type: 'datetime', precision: Number(m[1]) } : { type: 'datetime' };
  }
  if (/^time(\(\d+\))? with(out)? time zone$/.test(t)) return { type: 'time' };
  const simple: Record<string, Column['type']> = {
    text: 'text', integer: 'integer', smallint: 'integer', bigint: 'bigint', real: 'float',
    'double precision': 'double', boolean: 'boolean', date: 'date', json: 'json', jsonb: 'json',
    uuid: 'uuid', bytea: 'binary',
  };
  return { type: simple[t] ?? 'text' };
}
