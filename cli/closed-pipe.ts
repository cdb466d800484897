/**
 * Lets output to a pipe whose reader has gone (`orm migrate:status | head -1`) end quietly: the write error
 * is dropped, later writes go nowhere, and the command itself runs to the end (a migration is not cut short
 * because nobody reads its progress) and exits with its own code. Any other stream error still throws.
 */
export function ignoreClosedPipes(...streams: NodeJS.WriteStream[]): void {
  for (const stream of streams) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
    });
  }
}
