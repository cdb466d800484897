import 'reflect-metadata';
import { BelongsTo, Column, Index, PrimaryKey, Table, Unique } from 'strata-orm';
import { describeEachDialect } from '../helpers/dialects';
import { MigrationHarness } from '../helpers/migrations';

/**
 * Names with double and single quotes and spaces, in tables and therefore in every name derived from them
 * (enum types, uniques, indexes, foreign keys): each generated statement must quote them, on every path
 * (create, rename, enum type swap, conversion to an enum) and back down.
 */
describeEachDialect('hostile names', (db) => {
  it('generates, applies and reverts migrations whose tables, enum types, indexes and constraints hold quotes', async () => {
    @Table('we"ird \'t') @Index(['name'])
    class A1 {
      @PrimaryKey() id!: number;
      @Unique() @Column() email!: string;
      @Column() name!: string;
      @Column({ enum: ['x', 'y'] }) kind!: string;
      @Column({ type: 'string', nullable: true }) level!: string | null;
    }
    @Table('chi"ld') class B1 { @PrimaryKey() id!: number; @BelongsTo(() => A1, { onDelete: 'cascade' }) owner?: A1; }

    @Table({ name: 'stra"nge', renamedFrom: 'we"ird \'t' }) @Index(['name'])
    class A2 {
      @PrimaryKey() id!: number;
      @Unique() @Column() email!: string;
      @Column() name!: string;
      @Column({ enum: ['x', 'y', 'z'], default: 'z' }) kind!: string;
      @Column({ type: 'enum', enum: ['low', 'high'], nullable: true }) level!: string | null;
    }
    @Table({ name: 'ki"d', renamedFrom: 'chi"ld' }) class B2 { @PrimaryKey() id!: number; @BelongsTo(() => A2, { foreignKey: 'ownerId', onDelete: 'cascade' }) owner?: A2; }

    const harness = await MigrationHarness.open(db().url);
    try {
      await harness.reset();
      await harness.migrate([A1, B1], 'v1');
      expect(await harness.drift([A1, B1])).toEqual([]);
      await harness.knex('we"ird \'t').insert([{ email: 'a@x', name: 'a', kind: 'x', level: 'low' }, { email: 'b@x', name: 'b', kind: 'y', level: null }]);
      await harness.knex('chi"ld').insert([{ owner_id: 1 }, { owner_id: 2 }]);

      const v2 = await harness.migrate([A2, B2], 'v2');
      expect(v2.status).toBe('written');
      expect(await harness.drift([A2, B2])).toEqual([]);
      expect((await harness.knex('stra"nge').orderBy('id')).map((r: Record<string, unknown>) => [r.kind, r.level])).toEqual([['x', 'low'], ['y', null]]);
      await harness.knex('stra"nge').insert({ email: 'c@x', name: 'c' });
      expect((await harness.knex('stra"nge').where({ email: 'c@x' }).first()).kind).toBe('z');
      await expect(harness.knex('stra"nge').insert({ email: 'a@x', name: 'dup' })).rejects.toThrow(/unique/i);
      await harness.knex('stra"nge').where({ email: 'c@x' }).delete();
      await expect(harness.knex('ki"d').insert({ owner_id: 99 })).rejects.toThrow(/foreign key/i);

      await harness.down();
      expect(await harness.drift([A1, B1])).toEqual([]);
      await harness.knex('we"ird \'t').where({ id: 1 }).delete();
      expect(await harness.knex('chi"ld').pluck('owner_id')).toEqual([2]);
      await harness.down();
      expect((await harness.introspect()).tables).toEqual([]);
    } finally {
      await harness.close();
    }
  });
});
