import { explainMysqlConnectError } from '../../src/dialects/mysql/connect-errors';

describe('explainMysqlConnectError', () => {
  // MariaDB refuses a wrong password with 1045, and a user it does not know with 1045 or 1698, by the name.
  it.each(['ER_ACCESS_DENIED_ERROR', 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR', 'ER_DBACCESS_DENIED_ERROR'])('tells what to check for %s', (code) => {
    expect(explainMysqlConnectError({ code }, "Access denied for user 'nobody'@'127.0.0.1'", 10_000))
      .toBe("Access denied for user 'nobody'@'127.0.0.1'. Check the user name and password in the URL, and that the user may use that database.");
  });

  it('says to create a database that does not exist', () => {
    expect(explainMysqlConnectError({ code: 'ER_BAD_DB_ERROR' }, "Unknown database 'shop'", 10_000)).toMatch(/^Unknown database 'shop'\. Create the database first/);
  });

  it('leaves the errors every engine shares to the caller', () => {
    expect(explainMysqlConnectError({ code: 'ECONNREFUSED' }, 'connect ECONNREFUSED', 10_000)).toBeUndefined();
  });
});
