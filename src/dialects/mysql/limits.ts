import type { OverLimit } from '../dialect';
import { getEnum } from '../../schema/lookup';
import type { Column, Schema, Table } from '../../schema/model';
import { assertNever } from '../../util/assert-never';

/** The most digits a DECIMAL declares, and the most after the point (MariaDB's 38: MySQL's 30 is left to the server). */
const MAX_DECIMAL_PRECISION = 65;
const MAX_DECIMAL_SCALE = 38;
/** The longest VARCHAR of utf8mb4, the character set Strata creates tables in: 65,535 bytes at 4 a character. */
const MAX_VARCHAR = 16_383;
/** The most bytes a row may take, not counting TEXT and BLOB values, which are stored apart from it. */
const MAX_ROW_BYTES = 65_535;

/**
 * What MariaDB/MySQL would refuse to create (see SchemaReader.overLimits). A decimal's digits are limited on any
 * table. A varchar's length and a row's width depend on the table's character set, which Strata makes utf8mb4: they
 * are checked on the tables the migration creates (`created`), not on existing ones, which may hold another.
 */
export function mysqlOverLimits(schema: Schema, created: ReadonlySet<string>): OverLimit[] {
  const found: OverLimit[] = [];
  for (const table of schema.tables) {
    let tooLong = false;
    for (const column of table.columns) {
      const at = { table: table.name, column: column.name };
      if (column.type === 'decimal' && (column.precision ?? 0) > MAX_DECIMAL_PRECISION) {
        found.push({ ...at, message: `precision ${column.precision} is more digits than a MariaDB/MySQL DECIMAL holds (${MAX_DECIMAL_PRECISION}); use type: 'double' if an approximate number will do, or type: 'string' for the exact digits.` });
      } else if (column.type === 'decimal' && (column.scale ?? 0) > MAX_DECIMAL_SCALE) {
        found.push({ ...at, message: `scale ${column.scale} is more digits after the point than a MariaDB DECIMAL keeps (${MAX_DECIMAL_SCALE}).` });
      } else if (column.type === 'decimal' && column.precision === 0) {
        found.push({ ...at, message: 'precision 0: MariaDB/MySQL make a DECIMAL of 0 digits a decimal(10,0), which every migration after would change again; give a precision of 1 or more, or none for decimal(65,30).' });
      } else if (column.type === 'decimal' && (column.scale ?? 0) > (column.precision ?? MAX_DECIMAL_PRECISION)) {
        found.push({ ...at, message: `scale ${column.scale} is more than the precision (${column.precision}): a MariaDB/MySQL DECIMAL's digits after the point are some of its digits; give a precision of at least ${column.scale}.` });
      }
      if (created.has(table.name) && column.type === 'string' && (column.length ?? 0) > MAX_VARCHAR) {
        tooLong = true;
        found.push({ ...at, message: `length ${column.length!.toLocaleString('en-US')} is more than a MariaDB/MySQL VARCHAR holds in utf8mb4 (${MAX_VARCHAR.toLocaleString('en-US')} characters); use type: 'text' (a LONGTEXT here), or a length of at most ${MAX_VARCHAR.toLocaleString('en-US')}.` });
      }
    }
    // A varchar over its limit alone makes the row too wide: said once, by the column.
    if (created.has(table.name) && !tooLong) {
      const width = rowBytes(schema, table);
      if (width > MAX_ROW_BYTES) found.push({ table: table.name, message: rowTooWide(schema, table, width) });
    }
  }
  return found;
}

/** The message for a row over the limit, naming its widest columns, which are what to change. */
function rowTooWide(schema: Schema, table: Table, width: number): string {
  const widest = table.columns.map((c) => ({ name: c.name, bytes: columnBytes(schema, c) })).sort((a, b) => b.bytes - a.bytes).slice(0, 3);
  return `a row of ${table.name} may take ${width.toLocaleString('en-US')} bytes, more than the ${MAX_ROW_BYTES.toLocaleString('en-US')} MariaDB/MySQL allow ` +
    `(a utf8mb4 character takes up to 4 bytes; text, json and binary values are stored apart and count 12): its widest columns are ` +
    `${widest.map((c) => `${c.name} (${c.bytes.toLocaleString('en-US')} bytes)`).join(', ')}; make a long string type: 'text', or shorten or remove columns.`;
}

/**
 * The bytes a row of the table may take as InnoDB counts them against the 65,535 limit: each column's largest
 * value as Strata declares it on MariaDB/MySQL, and a bit for each nullable column.
 */
function rowBytes(schema: Schema, table: Table): number {
  const nullable = table.columns.filter((c) => c.nullable).length;
  return table.columns.reduce((sum, column) => sum + columnBytes(schema, column), Math.ceil(nullable / 8));
}

function columnBytes(schema: Schema, column: Column): number {
  switch (column.type) {
    case 'boolean': return 1;
    case 'integer': return 4;
    case 'bigint': return 8;
    case 'float': return 4;
    case 'double': return 8;
    case 'decimal': return decimalBytes(column.precision ?? MAX_DECIMAL_PRECISION, column.scale ?? 0);
    case 'string': {
      const bytes = (column.length ?? 255) * 4;
      return bytes + (bytes > 255 ? 2 : 1);
    }
    case 'uuid': return 36 * 4;
    case 'date': return 3;
    case 'time': return 3;
    case 'datetime': return 5 + Math.ceil((column.precision ?? 0) / 2);
    case 'enum': return getEnum(schema, column.enum!).values.length > 255 ? 2 : 1;
    // LONGTEXT and LONGBLOB (json is a LONGTEXT on MariaDB): a length and a pointer in the row.
    case 'text':
    case 'json':
    case 'binary':
      return 12;
    default:
      return assertNever(column.type, 'column type');
  }
}

/** DECIMAL's storage: 4 bytes for each 9 digits on either side of the point, and fewer for the digits left over. */
function decimalBytes(precision: number, scale: number): number {
  const part = (digits: number): number => Math.floor(digits / 9) * 4 + [0, 1, 1, 2, 2, 3, 3, 4, 4][digits % 9]!;
  return part(precision - scale) + part(scale);
}
