/** Migrations cannot be discovered, loaded or run as asked; the message names the file and what to do. */
export class MigrationError extends Error {
  override readonly name = 'MigrationError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
