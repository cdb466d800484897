import { createHash } from 'node:crypto';

/**
 * A migration file's checksum: sha256 (hex) of its text with the differences that change nothing normalized
 * away: a byte-order mark, CRLF or CR line endings, whitespace at the end of lines and blank lines at the end
 * of the file. A checkout on Windows (core.autocrlf) or an editor's cleanup then does not count as an edit.
 * A file already in that form (LF, no trailing whitespace, one final newline: every generated file) has the
 * same checksum as its raw bytes, which is what earlier versions recorded.
 */
export function migrationChecksum(bytes: Buffer): string {
  return sha256(normalizeMigrationText(bytes.toString('utf8')));
}

/** sha256 of the file's bytes as they are: what versions before normalization recorded. */
export function rawChecksum(bytes: Buffer): string {
  return sha256(bytes);
}

/** The text a checksum is taken of. */
export function normalizeMigrationText(text: string): string {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/).map((line) => line.replace(/[ \t\f\v]+$/, ''));
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
