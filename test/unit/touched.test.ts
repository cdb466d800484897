import type { Change } from '../../src/changes/change';
import { overlappingObjects } from '../../src/changes/touched';
import { column, table } from '../../src/schema/factories';

const col = (name: string) => column({ name, type: 'integer', nullable: true });
const add = (t: string, c: string): Change => ({ kind: 'addColumn', table: t, column: col(c) });
const create = (t: string): Change => ({ kind: 'createTable', table: table({ name: t, columns: [col('id')] }) });
const renameTable = (from: string, to: string): Change => ({ kind: 'renameTable', from, to });
const addIndex = (t: string, name: string): Change => ({ kind: 'addIndex', table: t, index: { name, columns: ['a'] } });

/** [what, one branch's changes, the other's, the objects they share] */
const CASES: [string, Change[], Change[], string[]][] = [
  ['different tables', [create('tags')], [add('notes', 'pinned')], []],
  ['different columns of one table', [add('notes', 'a')], [add('notes', 'b')], []],
  ['the same column', [add('notes', 'a')], [add('notes', 'a')], ['column notes.a']],
  ['a table one side renames and the other changes a part of', [renameTable('notes', 'memos')], [addIndex('notes', 'notes_a_index')], ['table notes']],
  ['a part of a table the other side creates', [addIndex('tags', 'tags_a_index')], [create('tags')], ['table tags']],
  ['hostile names with dots', [add('a.b', 'c')], [add('a', 'b.c')], []],
];

describe('overlappingObjects', () => {
  it.each(CASES)('%s', (_what, a, b, expected) => {
    expect(overlappingObjects(a, b)).toEqual(expected);
    expect(overlappingObjects(b, a)).toEqual(expected);
  });
});
