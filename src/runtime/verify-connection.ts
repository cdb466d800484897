import type { Knex } from 'knex';
import { ConnectionError } from '../config/errors';

/** Runs a trivial query so that a wrong host, database or password fails now, with a useful message. */
export async function verifyConnection(knex: Knex, display: string, connectTimeoutMs: number): Promise<void> {
  try {
    await knex.raw('select 1');
  } catch (error) {
    throw new ConnectionError(`Cannot connect to ${display}: ${explain(error as NodeJS.ErrnoException, connectTimeoutMs)}`, { cause: error });
  }
}

function explain(error: NodeJS.ErrnoException & { code?: string }, connectTimeoutMs: number): string {
  const message = error.message.replace(/^select 1 - /, '');
  // pg's message when its connectionTimeoutMillis ran out (see the dialect's connectionWithTimeout).
  if (message === 'timeout expired' || /Connection terminated due to connection timeout/.test(message)) {
    return `no answer within ${connectTimeoutMs / 1000} s. Is a database server listening at that host and port, and is it up and not overloaded? ` +
      'If it is only slow, raise the connect timeout (--connect-timeout <seconds>, or connectTimeoutMs in the configuration).';
  }
  switch (error.code) {
    case 'ECONNREFUSED': return `${message}. Is the database server running, and is the host and port right?`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN': return `${message}. The host name does not resolve; check the URL.`;
    case '3D000': return `${message}. Create the database first (createdb), or fix its name in the URL.`;
    case '28P01':
    case '28000': return `${message}. Check the user name and password in the URL.`;
    case 'SQLITE_CANTOPEN': return `${message}. Does the file's directory exist, and is it writable?`;
    default: return message;
  }
}
