/**
 * pg's connection errors explained, by SQLSTATE (or by message, for its own timeout); undefined for the errors
 * every engine shares (a refused connection, an unknown host).
 */
export function explainPostgresConnectError(error: { readonly code?: unknown }, message: string, connectTimeoutMs: number): string | undefined {
  // pg's message when its connectionTimeoutMillis ran out (see the dialect's connectionWithTimeout).
  if (message === 'timeout expired' || /Connection terminated due to connection timeout/.test(message)) {
    return `no answer within ${connectTimeoutMs / 1000} s. Is a database server listening at that host and port, and is it up and not overloaded? ` +
      'If it is only slow, raise the connect timeout (--connect-timeout <seconds>, or connectTimeoutMs in the configuration).';
  }
  // pg's words when what answered at that address closed the connection, or spoke another protocol (the port of
  // another database, a proxy or a firewall).
  if (/^Connection terminated unexpectedly$|^Received unexpected .* message from backend\.?$/.test(message)) {
    return `${message.replace(/\.$/, '')}. Something at that host and port answered but is not a PostgreSQL server that accepts the connection: ` +
      'check the host and port in the URL (PostgreSQL listens on 5432 by default), and that the server or a proxy in between is up.';
  }
  switch (error.code) {
    case '3D000': return `${message}. Create the database first (createdb), or fix its name in the URL.`;
    case '28P01':
    case '28000': return `${message}. Check the user name and password in the URL.`;
    default: return undefined;
  }
}
