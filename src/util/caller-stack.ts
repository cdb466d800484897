/**
 * A driver's error for a failed statement, with its stack taken again where this is called. Called in an async
 * function right after the await that rejected, the stack then holds the callers awaiting it (the application's
 * code); as the driver made it, while reading the socket, it ended in the socket's read.
 */
export function withCallerStack(error: unknown): unknown {
  // Any object: an error the driver made in another realm (sqlite3's, under jest) is not an instance of this Error.
  if (typeof error === 'object' && error !== null) Error.captureStackTrace(error, withCallerStack);
  return error;
}
