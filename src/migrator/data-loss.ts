/** A table that would be dropped while it holds rows. */
export interface LostTable {
  readonly table: string;
  readonly rows: number;
}

/** A column that would be dropped while it holds values. */
export interface LostColumn {
  readonly table: string;
  readonly column: string;
  /** How many rows hold a value (not null) in it. */
  readonly values: number;
}

/** What an operation would destroy: tables with rows, columns with values, or why that cannot be known. */
export interface DataLoss {
  readonly tables: readonly LostTable[];
  readonly columns: readonly LostColumn[];
  /** Set when what would be lost cannot be measured, saying why. */
  readonly unmeasured?: string;
}

export const NO_LOSS: DataLoss = { tables: [], columns: [] };

/** Options of every operation that can destroy data. */
export interface DataLossGuardOptions {
  /** Go ahead in production although data would be lost. Default false. */
  readonly force?: boolean;
  /** The environment; `NODE_ENV=production` turns the guard on. Default `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * An operation would destroy data, in production (`NODE_ENV=production`), without `force`: nothing was changed.
 * `loss` says what would have been lost.
 */
export class DataLossError extends Error {
  override readonly name = 'DataLossError';
  /** `risk`, when given, says what the operation puts at risk instead of what it drops (a history edited by hand). */
  constructor(readonly operation: string, readonly loss: DataLoss, risk?: string) {
    super(risk !== undefined
      ? `${operation} ${risk}. NODE_ENV is production, so nothing was changed: once you have checked the database, run it again with --force (API: { force: true }).`
      : `${operation} ${loss.unmeasured !== undefined ? `would drop data that cannot be measured beforehand: ${loss.unmeasured}` : `would drop ${describeLoss(loss)}`}. ` +
        'NODE_ENV is production, so nothing was changed: run it again with --force (API: { force: true }) if that data may go.');
  }
}

/**
 * The one rule for every command and API that destroys data: in production (`NODE_ENV=production`), without
 * `force`, `measure` finds out what `operation` would destroy, and a DataLossError refuses it if that is
 * anything. Outside production, or forced, nothing is measured.
 */
export async function guardDataLoss(operation: string, options: DataLossGuardOptions, measure: () => Promise<DataLoss>): Promise<void> {
  if (options.force || (options.env ?? process.env).NODE_ENV !== 'production') return;
  const loss = await measure();
  if (loss.unmeasured !== undefined || loss.tables.length > 0 || loss.columns.length > 0) throw new DataLossError(operation, loss);
}

/** `table "posts" (3 rows) and column "users.age" (2 non-null values)`. */
function describeLoss(loss: DataLoss): string {
  const parts = [
    ...loss.tables.map((t) => `table "${t.table}" (${plural(t.rows, 'row')})`),
    ...loss.columns.map((c) => `column "${c.table}.${c.column}" (${plural(c.values, 'non-null value')})`),
  ];
  return parts.length <= 1 ? (parts[0] ?? 'nothing') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
