/**
 * Migrations cannot be discovered, loaded or run as asked; the message names the file and what to do.
 * Subclasses (MigrationFailedError, PendingMigrationsError, EditedMigrationsError) carry their own name.
 */
export class MigrationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}
