import 'reflect-metadata';
import { Orm, type Repository } from 'strata-orm';
import { reset_db } from 'strata-orm/testing';
import { describeEachDialect } from '../../helpers/dialects';
import { defineEntity } from '../../helpers/entities';

// Sums and averages of decimals are shown, compared in having and sorted in orderBy as one value on every engine:
// SQLite adds in floating point (0.10 + 0.20 is 0.30000000000000004), MariaDB averages with 4 decimals past the
// scale, and its decimal without a size is decimal(65, 30).
const Price = defineEntity('Price', 'prices', {
  kind: { type: 'string', length: 10 },
  amount: { type: 'decimal', precision: 10, scale: 2 },
  loose: { type: 'decimal', nullable: true },
});

describeEachDialect('aggregates of decimals', (db) => {
  let orm: Orm;
  let prices: Repository<Record<string, unknown>>;
  beforeAll(async () => {
    orm = await Orm.connect({ url: db().url, entities: [Price] });
    await reset_db(orm);
    prices = orm.repository(Price) as unknown as Repository<Record<string, unknown>>;
    await prices.insertMany([
      { kind: 'x', amount: '0.10', loose: '0.1' }, { kind: 'x', amount: '0.20', loose: '0.2' },
      { kind: 'w', amount: '0.30', loose: '1.5' },
    ]);
  });
  afterAll(() => orm?.close());

  it('finds with having the sum and the average that the result shows', async () => {
    const groups = await prices.groupBy({ by: ['kind'], sum: ['amount', 'loose'], avg: ['amount'], orderBy: { kind: 'asc' } } as never);
    expect(groups).toEqual([
      { kind: 'w', sum: { amount: '0.30', loose: '1.5' }, avg: { amount: '0.30' } },
      { kind: 'x', sum: { amount: '0.30', loose: '0.3' }, avg: { amount: '0.15' } },
    ]);
    const kinds = async (having: object): Promise<unknown[]> => (await prices.groupBy({ by: ['kind'], having, orderBy: { kind: 'asc' } } as never)).map((g) => (g as { kind: string }).kind);
    expect(await kinds({ sum: { amount: '0.30' } })).toEqual(['w', 'x']);
    expect(await kinds({ sum: { loose: '0.3' } })).toEqual(['x']);
    expect(await kinds({ avg: { amount: '0.15' } })).toEqual(['x']);
  });

  it('sorts groups whose sums are equal as equal, then by their by properties', async () => {
    const groups = await prices.groupBy({ by: ['kind'], sum: ['amount'], orderBy: { sum: { amount: 'desc' } } } as never);
    expect(groups.map((g) => (g as { kind: string }).kind)).toEqual(['w', 'x']);
  });

  it('reads the sum, min and max of a decimal without a size without trailing zeros', async () => {
    expect(await prices.aggregate({ sum: ['loose'], min: ['loose'], max: ['loose'] } as never)).toEqual({ sum: { loose: '1.8' }, min: { loose: '0.1' }, max: { loose: '1.5' } });
  });
});
