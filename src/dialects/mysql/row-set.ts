import type { RowSet } from '../runtime-driver';

/**
 * Many rows as one parameter holding a list of rows, which mysql2 writes out as the VALUES list `(…), (…)`, each
 * value escaped as it would be as a parameter of its own. The statement then has one marker instead of one per
 * value, each of which mysql2 would find and replace in turn: a 10,000-row insert costs the client a third less.
 */
export const listRowSet: RowSet = {
  maxRows: 10_000,
  // A quarter of max_allowed_packet's default (16 MB): escaping can double a value's size.
  maxChars: 4 * 1024 * 1024,
  rows(_table, shared, columns, values, add) {
    const width = columns.length;
    const rows: unknown[][] = new Array(values.length / width);
    for (let i = 0, r = 0; i < values.length; i += width, r++) {
      const row = shared.slice();
      for (let k = 0; k < width; k++) row.push(values[i + k]);
      rows[r] = row;
    }
    return `VALUES ${add(rows)}`;
  },
};
