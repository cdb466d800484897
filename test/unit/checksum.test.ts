import { createHash } from 'node:crypto';
import { migrationChecksum, normalizeMigrationText, rawChecksum } from '../../src/migrator/checksum';

const FILE = "import type { Knex } from 'knex';\n\nexport async function up(knex: Knex): Promise<void> {\n  await knex.raw('select 1');\n}\n";
const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('a migration checksum', () => {
  it.each([
    ['CRLF line endings', FILE.replace(/\n/g, '\r\n')],
    ['CR line endings', FILE.replace(/\n/g, '\r')],
    ['a byte-order mark', `\uFEFF${FILE}`],
    ['whitespace at the end of lines', FILE.replace(/\n/g, '  \t\n')],
    ['blank lines at the end', `${FILE}\n\n  \n`],
    ['no final newline', FILE.slice(0, -1)],
  ])('does not change with %s', (_what, variant) => {
    expect(migrationChecksum(Buffer.from(variant))).toBe(migrationChecksum(Buffer.from(FILE)));
  });

  it('changes with any other edit', () => {
    expect(migrationChecksum(Buffer.from(FILE.replace('select 1', 'select 2')))).not.toBe(migrationChecksum(Buffer.from(FILE)));
    expect(migrationChecksum(Buffer.from(FILE.replace('  await', '    await')))).not.toBe(migrationChecksum(Buffer.from(FILE)));
  });

  it('is the sha256 of the raw bytes for a file already in normal form, as earlier versions recorded it', () => {
    expect(normalizeMigrationText(FILE)).toBe(FILE);
    expect(migrationChecksum(Buffer.from(FILE))).toBe(sha256(FILE));
    expect(rawChecksum(Buffer.from(`${FILE}  `))).toBe(sha256(`${FILE}  `));
  });
});
