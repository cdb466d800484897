import type { Knex } from 'knex';
import { ConnectionError } from '../config/errors';
import type { Dialect } from '../dialects';

/** Runs a trivial query so that a wrong host, database or password fails now, with a useful message. */
export async function verifyConnection(knex: Knex, dialect: Dialect, display: string, connectTimeoutMs: number): Promise<void> {
  try {
    await knex.raw('select 1');
  } catch (error) {
    throw new ConnectionError(`Cannot connect to ${display}: ${explain(error as NodeJS.ErrnoException, dialect, connectTimeoutMs)}`, { cause: error });
  }
}

function explain(error: NodeJS.ErrnoException & { code?: string }, dialect: Dialect, connectTimeoutMs: number): string {
  const message = error.message.replace(/^select 1 - /, '');
  const explained = dialect.connection.explainConnectError(error, message, connectTimeoutMs);
  if (explained !== undefined) return explained;
  switch (error.code) {
    case 'ECONNREFUSED': return `${message}. Is the database server running, and is the host and port right?`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN': return `${message}. The host name does not resolve; check the URL.`;
    default: return message;
  }
}
