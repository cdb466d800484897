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
  switch (error.code) {
    case '3D000': return `${message}. Create the database first (createdb), or fix its name in the URL.`;
    case '28P01':
    case '28000': return `${message}. Check the user name and password in the URL.`;
    default: return undefined;
  }
}
