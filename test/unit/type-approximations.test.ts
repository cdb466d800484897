import { parseMysqlType } from '../../src/dialects/mysql/types';
import { parsePgType } from '../../src/dialects/postgres/types';

// A database made by another tool has types Strata would not create; entity:generate and db:baseline say so.
describe('types read as another model type', () => {
  it.each([
    ['text[]', 'text'], ['interval', 'text'], ['inet', 'text'], ['money', 'text'], ['smallint', 'integer'], ['json', 'json'],
    ['timestamp(3) without time zone', 'datetime'], ['time with time zone', 'time'], ['character(2)', 'string'],
  ])('PostgreSQL: %s is read as %s, approximately', (native, read) => {
    expect(parsePgType(native)).toMatchObject({ type: read, approximate: true });
  });

  it.each([
    ['character varying(80)', 'string'], ['text', 'text'], ['timestamp(3) with time zone', 'datetime'], ['time without time zone', 'time'],
    ['jsonb', 'json'], ['numeric(10,2)', 'decimal'], ['integer', 'integer'], ['bytea', 'binary'],
  ])('PostgreSQL: %s is what Strata makes of a %s', (native, read) => {
    const parts = parsePgType(native);
    expect(parts.type).toBe(read);
    expect(parts.approximate).toBeUndefined();
  });

  it.each([
    ['year(4)', 'text'], ['smallint(6)', 'integer'], ['tinyint(4)', 'integer'], ['timestamp', 'datetime'], ['text', 'text'],
    ['mediumblob', 'binary'], ['char(2)', 'string'], ['set(\'a\',\'b\')', 'text'], ['int(10) unsigned', 'integer'],
    ['bigint(20) unsigned', 'bigint'], ['float(8,2)', 'float'], ['double(8,2)', 'double'],
  ])('MariaDB: %s is read as %s, approximately', (native, read) => {
    expect(parseMysqlType(native, false)).toMatchObject({ type: read, approximate: true });
  });

  it.each([
    ['int(11)', 'integer'], ['bigint(20)', 'bigint'], ['varchar(80)', 'string'], ['longtext', 'text'], ['datetime(3)', 'datetime'],
    ['tinyint(1)', 'boolean'], ['decimal(10,2)', 'decimal'], ['longblob', 'binary'], ['char(36)', 'uuid'],
  ])('MariaDB: %s is what Strata makes of a %s', (native, read) => {
    const parts = parseMysqlType(native, false);
    expect(parts.type).toBe(read);
    expect(parts.approximate).toBeUndefined();
  });
});
