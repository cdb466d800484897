import { normalizeMysql } from '../../src/dialects/mysql/normalize';
import { column, table } from '../../src/schema/factories';
import type { DefaultValue } from '../../src/schema/model';

/** The default of a decimal column as MariaDB keeps it, after normalization. */
const decimalDefault = (value: string, precision?: number, scale?: number): DefaultValue | undefined =>
  normalizeMysql({ enums: [], tables: [table({ name: 't', columns: [column({ name: 'x', type: 'decimal', precision, scale, default: { kind: 'literal', value } })] })] })
    .tables[0]!.columns[0]!.default;

describe('normalizing a MariaDB schema', () => {
  // Each case was checked on MariaDB 10.11: CREATE TABLE … DEFAULT <value>, then information_schema.COLUMNS.COLUMN_DEFAULT.
  it.each([
    ['3.14159', 10, 0, '3'],
    ['2.5', 10, 0, '3'],
    // A decimal declared without a size is decimal(65,30) there.
    ['3.14159', undefined, undefined, '3.14159'],
    ['-2.5', 10, 0, '-3'],
    ['1.005', 5, 2, '1.01'],
    ['3.14159', 5, 1, '3.1'],
    ['-0.4', 10, 0, '0'],
    ['0.95', 5, 1, '1'],
    ['9.99', 5, 1, '10'],
    ['12.3', 5, 2, '12.3'],
  ])('keeps a decimal default of %s on decimal(%s, %s) rounded to its scale, as MariaDB stores it: %s', (value, precision, scale, stored) => {
    expect(decimalDefault(value, precision, scale)).toEqual({ kind: 'literal', value: stored });
  });
});
