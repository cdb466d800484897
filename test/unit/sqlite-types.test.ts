import { parseSqliteType } from '../../src/dialects/sqlite/types';

// SQLite keeps a column's declared type as written, and reads any type name by the affinity its words give: a
// database written by another tool (or converted from MySQL) declares types the model has no name for.
describe('parseSqliteType', () => {
  it.each([
    ['INT(11)', 'integer'], ['TINYINT(1)', 'integer'], ['integer(10) unsigned', 'integer'], ['MEDIUMINT UNSIGNED', 'integer'],
    ['UNSIGNED BIG INT', 'bigint'], ['BIGINT(20)', 'bigint'], ['INT8', 'bigint'],
    ['DOUBLE(10,2)', 'double'], ['FLOAT4', 'float'], ['REAL(8)', 'float'],
    ['VARCHAR2(20)', 'text'], ['NATIVE CHARACTER(70)', 'text'], ['LONGTEXT', 'text'],
    ['BLOB SUB_TYPE 0', 'binary'], ['MONEY', 'text'],
  ])('reads %s as %s, by the affinity SQLite gives it', (declared, type) => {
    expect(parseSqliteType(declared).type).toBe(type);
  });

  it('says which names it reads as a type the model would not give them: numbers kept under another name', () => {
    expect(parseSqliteType('MONEY')).toEqual({ type: 'text', approximate: true });
    expect(parseSqliteType('INT(11)')).toEqual({ type: 'integer' });
    expect(parseSqliteType('VARCHAR2(20)')).toEqual({ type: 'text' });
    expect(parseSqliteType('DATETIME(3)')).toEqual({ type: 'datetime' });
  });

  it('keeps the names the model has its own reading of', () => {
    expect(parseSqliteType('varchar(80)')).toEqual({ type: 'string', length: 80 });
    expect(parseSqliteType('decimal(6, 2)')).toEqual({ type: 'decimal', precision: 6, scale: 2 });
    expect(parseSqliteType('char(36)')).toEqual({ type: 'uuid' });
    expect(parseSqliteType('boolean').type).toBe('boolean');
    expect(parseSqliteType('datetime').type).toBe('datetime');
  });
});
