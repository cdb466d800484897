import { findEnum } from '../../schema/lookup';
import type { Column, DefaultValue, Enum, ReferentialAction, Schema, Table } from '../../schema/model';
import { enumName, primaryKeyName } from '../../schema/names';
import { normalizeDefault } from '../common/defaults';

/**
 * MariaDB/MySQL's canonical form of a schema (see `Dialect.normalize`). The primary key is always named PRIMARY,
 * so it takes the model's name; an enum is a column type, so it is named after its column (as on SQLite);
 * InnoDB's NO ACTION is RESTRICT; a datetime without fractional digits has none, and CURRENT_TIMESTAMP defaults
 * carry the column's digits, as the engine requires; a decimal without a size is decimal(65,30), the widest, and
 * a decimal's default is kept rounded to its scale; a string without a length is knex's varchar(255).
 */
/** The size of a decimal declared without one: 35 digits before the point and 30 after, the most MariaDB/MySQL allow. */
export const UNSIZED_DECIMAL = { precision: 65, scale: 30 } as const;

export function normalizeMysql(schema: Schema): Schema {
  const enums: Enum[] = [];
  const tables = schema.tables.map((t): Table => ({
    ...t,
    columns: t.columns.map((c) => {
      const column = normalizeColumn(c, t.name);
      if (column.enum) enums.push({ name: column.enum, values: findEnum(schema, c.enum!)?.values ?? [] });
      return column;
    }),
    primaryKey: t.primaryKey && { ...t.primaryKey, name: primaryKeyName(t.name) },
    foreignKeys: t.foreignKeys.map((fk) => ({ ...fk, onDelete: action(fk.onDelete), onUpdate: action(fk.onUpdate) })),
  }));
  return { tables, enums };
}

function action(value: ReferentialAction): ReferentialAction {
  return value === 'restrict' ? 'no action' : value;
}

function normalizeColumn(column: Column, table: string): Column {
  const { default: value, precision, scale, length, comment, enum: enumRef, ...rest } = column;
  const out: { -readonly [K in keyof Column]: Column[K] } = { ...rest };
  if (column.type === 'string') out.length = length ?? 255;
  // A decimal without a size holds any number on the other engines: here, the widest there is.
  if (column.type === 'decimal') {
    out.precision = precision ?? UNSIZED_DECIMAL.precision;
    out.scale = precision === undefined ? UNSIZED_DECIMAL.scale : scale ?? 0;
  }
  if (column.type === 'datetime') out.precision = precision ?? 0;
  const normalized = column.autoIncrement ? undefined : normalizeDefault(value, column.type);
  if (normalized) {
    out.default = column.type === 'datetime' ? currentTimestamp(normalized, out.precision!)
      : column.type === 'decimal' ? roundedDefault(normalized, out.scale!) : normalized;
  }
  if (comment) out.comment = comment;
  if (enumRef !== undefined) out.enum = enumName(table, column.name);
  return out;
}

/** `now()`, `CURRENT_TIMESTAMP` and `current_timestamp(3)` on a datetime(p) column: `CURRENT_TIMESTAMP(p)` (or without digits for 0). */
function currentTimestamp(value: DefaultValue, precision: number): DefaultValue {
  if (value.kind !== 'sql' || !/^(CURRENT_TIMESTAMP|now|localtimestamp)\s*(\(\s*\d*\s*\))?$/i.test(value.expression)) return value;
  return { kind: 'sql', expression: precision > 0 ? `CURRENT_TIMESTAMP(${precision})` : 'CURRENT_TIMESTAMP' };
}

/**
 * A decimal literal default as MariaDB/MySQL keep it: rounded to the column's scale, half away from zero
 * (`3.14159` on a decimal(10,0) is stored, and read back, as `3`).
 */
function roundedDefault(value: DefaultValue, scale: number): DefaultValue {
  if (value.kind !== 'literal' || typeof value.value !== 'string') return value;
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value.value);
  if (!m || (m[3] ?? '').length <= scale) return value;
  const digits = BigInt(m[2]! + (m[3] ?? '').slice(0, scale).padEnd(scale, '0'));
  const rounded = Number(m[3]![scale]) >= 5 ? digits + 1n : digits;
  const text = rounded.toString().padStart(scale + 1, '0');
  const whole = scale === 0 ? text : `${text.slice(0, -scale)}.${text.slice(-scale)}`.replace(/\.?0+$/, '');
  return { kind: 'literal', value: m[1] === '-' && /[1-9]/.test(whole) ? `-${whole}` : whole };
}
