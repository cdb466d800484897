import type { Knex } from 'knex';
import { ConnectionError } from '../config/errors';

/** Runs a trivial query so that a wrong host, database or password fails now, with a useful message. */
export async function verifyConnection(knex: Knex, display: string): Promise<void> {
  try {
    await knex.raw('select 1');
  } catch (error) {
    throw new ConnectionError(`Cannot connect to ${display}: ${explain(error as NodeJS.ErrnoException)}`, { cause: error });
  }
}

function explain(error: NodeJS.ErrnoException & { code?: string }): string {
  const message = error.message.replace(/^select 1 - /, '');
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
