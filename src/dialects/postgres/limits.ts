import type { OverLimit } from '../dialect';
import { getEnum } from '../../schema/lookup';
import type { Schema } from '../../schema/model';

/** The longest varchar PostgreSQL declares, in characters. */
const MAX_VARCHAR = 10_485_760;
/** The most digits a numeric declares. */
const MAX_NUMERIC_PRECISION = 1000;
/** An enum label's limit, in bytes of UTF-8. */
const MAX_ENUM_LABEL_BYTES = 63;

/**
 * What PostgreSQL would refuse to create (see SchemaReader.overLimits): a varchar of 0 or over 10,485,760
 * characters, a numeric of 0 or over 1,000 digits, an enum label over 63 bytes. These hold on every database, so
 * every table is checked. A scale over the precision is allowed (PostgreSQL 15: numeric(2,5) holds 0.00123).
 */
export function postgresOverLimits(schema: Schema): OverLimit[] {
  const found: OverLimit[] = [];
  for (const table of schema.tables) {
    for (const column of table.columns) {
      const at = { table: table.name, column: column.name };
      if (column.type === 'string' && column.length !== undefined && column.length > MAX_VARCHAR) {
        found.push({ ...at, message: `length ${column.length.toLocaleString('en-US')} is more than a PostgreSQL varchar holds (${MAX_VARCHAR.toLocaleString('en-US')} characters); use type: 'text', which has no limit.` });
      } else if (column.type === 'string' && column.length === 0) {
        found.push({ ...at, message: 'length 0: a PostgreSQL varchar holds at least 1 character.' });
      }
      if (column.type === 'decimal' && column.precision !== undefined && column.precision > MAX_NUMERIC_PRECISION) {
        found.push({ ...at, message: `precision ${column.precision} is more digits than a PostgreSQL numeric declares (${MAX_NUMERIC_PRECISION.toLocaleString('en-US')}); leave out precision and scale for a numeric of any size.` });
      } else if (column.type === 'decimal' && column.precision === 0) {
        found.push({ ...at, message: 'precision 0: a PostgreSQL numeric declares 1 digit or more; leave out precision and scale for a numeric of any size.' });
      }
      if (column.type === 'enum') {
        const long = getEnum(schema, column.enum!).values.find((v) => Buffer.byteLength(v) > MAX_ENUM_LABEL_BYTES);
        if (long !== undefined) {
          found.push({ ...at, message: `enum value '${long}' is ${Buffer.byteLength(long)} bytes long, and PostgreSQL keeps enum values of at most ${MAX_ENUM_LABEL_BYTES} bytes; shorten it, or use type: 'string' for longer values.` });
        }
      }
    }
  }
  return found;
}
