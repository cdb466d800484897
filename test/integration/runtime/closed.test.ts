import { Orm, QueryError } from 'strata-orm';
import { reset_db } from 'strata-orm/testing';
import { describeEachDialect } from '../../helpers/dialects';
import { Author, ENTITIES } from './entities';

describeEachDialect('an Orm after close()', (db) => {
  it('tells every query that it is closed, instead of that no connection could be had', async () => {
    const orm = await Orm.connect({ url: db().url, entities: ENTITIES });
    await reset_db(orm);
    await orm.close();
    for (const query of [() => orm.repository(Author).count(), () => orm.sql`select 1`, () => orm.transaction((tx) => tx.repository(Author).count())]) {
      const error = await query().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(QueryError);
      expect((error as Error).message).toBe('This Orm is closed (orm.close() ended its connections): connect again with Orm.connect to run queries.');
    }
  });
});
