/** A query the entity cannot answer: an unknown property, a bad operator, an empty where on a delete. */
export class QueryError extends Error {
  override readonly name = 'QueryError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** What a constraint violation involved, as far as the engine said. */
export interface ConstraintInfo {
  readonly table?: string;
  /** Database column names. */
  readonly columns?: readonly string[];
  /** Entity property names of those columns, where known. */
  readonly properties?: readonly string[];
  readonly constraint?: string;
  /** The engine's own explanation, with the values involved where it gives them. */
  readonly detail?: string;
}

/** The database refused a write because of a constraint. Subclasses say which kind. */
export abstract class ConstraintError extends Error implements ConstraintInfo {
  readonly table?: string;
  readonly columns?: readonly string[];
  readonly properties?: readonly string[];
  readonly constraint?: string;
  readonly detail?: string;

  constructor(message: string, info: ConstraintInfo, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    Object.assign(this, info);
  }
}

/** A row with the same values in a unique column (or columns) already exists. */
export class UniqueConstraintError extends ConstraintError {}

/** A row references a row that does not exist, or a referenced row was deleted while still referenced. */
export class ForeignKeyConstraintError extends ConstraintError {}

/** A NOT NULL column was given no value. */
export class NotNullConstraintError extends ConstraintError {}
