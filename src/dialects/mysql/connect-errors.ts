/**
 * mysql2's connection errors explained, by MariaDB/MySQL error code (or by its own timeout); undefined for the errors
 * every engine shares (a refused connection, an unknown host).
 */
export function explainMysqlConnectError(error: { readonly code?: unknown }, message: string, connectTimeoutMs: number): string | undefined {
  switch (error.code) {
    // mysql2's connectTimeout ran out (see the dialect's connectionWithTimeout).
    case 'ETIMEDOUT':
      return `no answer within ${connectTimeoutMs / 1000} s. Is a database server listening at that host and port, and is it up and not overloaded? ` +
        'If it is only slow, raise the connect timeout (--connect-timeout <seconds>, or connectTimeoutMs in the configuration).';
    case 'ER_BAD_DB_ERROR': return `${message}. Create the database first (CREATE DATABASE), or fix its name in the URL.`;
    case 'ER_ACCESS_DENIED_ERROR':
    // 1698: MariaDB's answer to some users it does not know (to others, 1045), and to a socket-only account over TCP.
    case 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR':
    case 'ER_DBACCESS_DENIED_ERROR': return `${message}. Check the user name and password in the URL, and that the user may use that database.`;
    default: return undefined;
  }
}
