import { getEnum } from '../../schema/lookup';
import type { Column } from '../../schema/model';
import { call } from '../../steps/step';
import { knexTypeCall, type TypeCall } from '../common/columns';
import { quoteString } from '../common/sql-text';

/**
 * The column type MariaDB/MySQL declares for a column of the model, where knex's own choice would not read back
 * as the same model type: knex writes `float` and `double` as `float(8,2)` and `double(8,2)` (rounding every value
 * to two decimals), an auto-increment key as `int unsigned` (which a signed `int` foreign key cannot reference), a
 * datetime without its fractional digits, json as `json` (LONGTEXT on MariaDB, with a check that knex does
 * not name), text as a 64 KB TEXT whose default it drops, and a string without a length as a varchar without one,
 * which MariaDB refuses.
 */
export function mysqlColumnType(column: Column, values?: readonly string[]): string | undefined {
  switch (column.type) {
    case 'float': return 'float';
    case 'double': return 'double';
    case 'datetime': return `datetime(${column.precision ?? 0})`;
    case 'time': return 'time';
    case 'json': return 'json';
    case 'uuid': return 'char(36)';
    case 'binary': return 'longblob';
    // LONGTEXT: a TEXT holds 64 KB, where text has no limit on the other engines (knex also drops a default given
    // to its text() on MySQL, which had none before 8.0.13; MariaDB keeps it as written).
    case 'text': return 'longtext';
    case 'enum': return `enum(${(values ?? []).map(quoteString).join(', ')})`;
    case 'integer': return column.autoIncrement ? 'int' : undefined;
    case 'bigint': return column.autoIncrement ? 'bigint' : undefined;
    // A varchar always has a length here: Strata's 255, for a string that gives none.
    case 'string': return column.length === undefined ? 'varchar(255)' : undefined;
    default: return undefined;
  }
}

/**
 * knex's builder with the types of {@link mysqlColumnType} written out. An auto-increment column carries its
 * NOT NULL and AUTO_INCREMENT in the type, and its PRIMARY KEY when it is the table's inline key.
 */
export const mysqlTypeCall: TypeCall = (column, schema, inlinePrimaryKey) => {
  const values = column.type === 'enum' ? getEnum(schema, column.enum!).values : undefined;
  const type = mysqlColumnType(column, values);
  if (type === undefined) return knexTypeCall(column, schema, inlinePrimaryKey);
  if (column.autoIncrement) return call('specificType', column.name, `${type} NOT NULL AUTO_INCREMENT${inlinePrimaryKey ? ' PRIMARY KEY' : ''}`);
  return call('specificType', column.name, type);
};

/**
 * A column as MariaDB/MySQL is given it: a datetime's literal default in the engine's own text
 * (`'2024-02-29 12:34:56.000'`), which is read back as UTC, as the model's ISO form (`…T12:34:56.000Z`) is
 * refused in strict mode ("Invalid default value").
 */
export function mysqlColumn(column: Column): Column {
  const value = column.default;
  if (column.type !== 'datetime' || value?.kind !== 'literal' || typeof value.value !== 'string') return column;
  return { ...column, default: { kind: 'literal', value: value.value.replace('T', ' ').replace(/Z$/, '') } };
}

/** A column's type in model terms; `approximate` where Strata would create another type for it (see TypeApproximation). */
export type TypeParts = Pick<Column, 'type' | 'length' | 'precision' | 'scale'> & { readonly values?: readonly string[]; readonly approximate?: true };

/**
 * A column as information_schema describes it (`COLUMN_TYPE`, e.g. `varchar(50)`, `tinyint(1)`, `enum('a','b')`,
 * `decimal(10,2)`, `datetime(3)`), in model terms. `json` tells a MariaDB LONGTEXT checked by JSON_VALID().
 */
export function parseMysqlType(columnType: string, json: boolean): TypeParts {
  const parts = parseType(columnType, json);
  // Strata makes numbers signed, and floating point without a size (knex's float(8,2) rounds every value to 2 places).
  const inexact = /\bunsigned\b|\bzerofill\b/i.test(columnType) || /^(float|double|real)\s*\(/i.test(columnType.trim());
  return inexact && !parts.approximate ? { ...parts, approximate: true } : parts;
}

/** The model type of a COLUMN_TYPE, approximate where its base type is one Strata does not make. */
function parseType(columnType: string, json: boolean): TypeParts {
  const t = columnType.trim().toLowerCase().replace(/\s+unsigned|\s+zerofill/g, '');
  let m: RegExpExecArray | null;
  if (json || t === 'json') return { type: 'json' };
  if (t === 'char(36)') return { type: 'uuid' };
  if (t === 'tinyint(1)' || t === 'boolean' || t === 'bool') return { type: 'boolean' };
  if ((m = /^enum\((.*)\)$/s.exec(t))) return { type: 'enum', values: enumValues(columnType.trim().slice(5, -1)) };
  if ((m = /^varchar\((\d+)\)$/.exec(t))) return { type: 'string', length: Number(m[1]) };
  if ((m = /^char\((\d+)\)$/.exec(t))) return { type: 'string', length: Number(m[1]), approximate: true };
  if ((m = /^decimal\((\d+),(\d+)\)$/.exec(t))) return { type: 'decimal', precision: Number(m[1]), scale: Number(m[2]) };
  if ((m = /^datetime(?:\((\d)\))?$/.exec(t))) return { type: 'datetime', precision: Number(m[1] ?? 0) };
  // A TIMESTAMP (UTC, 1970 to 2038) is read as the DATETIME Strata makes of a datetime.
  if ((m = /^timestamp(?:\((\d)\))?$/.exec(t))) return { type: 'datetime', precision: Number(m[1] ?? 0), approximate: true };
  if (/^time(\(\d\))?$/.test(t)) return { type: 'time' };
  const base = t.replace(/\(.*\)$/, '');
  const simple: Record<string, Column['type']> = {
    int: 'integer', integer: 'integer', bigint: 'bigint', float: 'float', double: 'double', real: 'double', date: 'date',
    longtext: 'text', longblob: 'binary', uuid: 'uuid',
  };
  // The closest model type for the rest (a smaller integer, text or blob than Strata makes), text for what has none.
  const near: Record<string, Column['type']> = {
    tinyint: 'integer', smallint: 'integer', mediumint: 'integer', text: 'text', tinytext: 'text', mediumtext: 'text',
    blob: 'binary', tinyblob: 'binary', mediumblob: 'binary', varbinary: 'binary', binary: 'binary',
  };
  return simple[base] ? { type: simple[base] } : { type: near[base] ?? 'text', approximate: true };
}

/** `'a','it''s'` → ['a', "it's"]: the values of an enum type as information_schema prints them. */
function enumValues(list: string): string[] {
  return [...list.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1]!.replace(/''/g, "'").replace(/\\\\/g, '\\'));
}
