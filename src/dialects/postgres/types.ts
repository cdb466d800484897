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

/** A column's type in model terms; `approximate` where Strata would create another type for it (see TypeApproximation). */
export type TypeParts = Pick<Column, 'type' | 'length' | 'precision' | 'scale' | 'enum'> & { readonly approximate?: true };

/**
 * A column type as `format_type()` prints it, in model terms. `enumName` is set when the type is a
 * user-defined enum. Types outside the model are read as the closest model type (`smallint` → integer).
 */
export function parsePgType(formatted: string, enumName?: string): TypeParts {
  if (enumName) return { type: 'enum', enum: enumName };
  const t = formatted.toLowerCase();
  let m: RegExpExecArray | null;
  if ((m = /^character varying(?:\((\d+)\))?$/.exec(t))) return m[1] ? { type: 'string', length: Number(m[1]) } : { type: 'string' };
  // A blank-padded character(n) is read as the varchar Strata makes of a string.
  if ((m = /^character(?:\((\d+)\))?$/.exec(t))) return { type: 'string', ...(m[1] && { length: Number(m[1]) }), approximate: true };
  if ((m = /^numeric(?:\((\d+),(\d+)\))?$/.exec(t))) {
    return m[1] ? { type: 'decimal', precision: Number(m[1]), scale: Number(m[2]) } : { type: 'decimal' };
  }
  // Strata makes a datetime `timestamptz` and a time `time`: the other of each is read as them.
  if ((m = /^timestamp(?:\((\d+)\))? with(out)? time zone$/.exec(t))) {
    return { type: 'datetime', ...(m[1] && { precision: Number(m[1]) }), ...(m[2] && { approximate: true }) };
  }
  if ((m = /^time(\(\d+\))? with(out)? time zone$/.exec(t))) return m[2] ? { type: 'time' } : { type: 'time', approximate: true };
  const simple: Record<string, Column['type']> = {
    text: 'text', integer: 'integer', bigint: 'bigint', real: 'float', 'double precision': 'double', boolean: 'boolean',
    date: 'date', jsonb: 'json', uuid: 'uuid', bytea: 'binary',
  };
  // The closest model type for the rest (`smallint` an integer, `json` the jsonb Strata makes), text for what has none.
  const near: Record<string, Column['type']> = { smallint: 'integer', json: 'json' };
  return simple[t] ? { type: simple[t] } : { type: near[t] ?? 'text', approximate: true };
}
