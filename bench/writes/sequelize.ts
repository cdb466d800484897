import { type CreationOptional, DataTypes, type InferAttributes, type InferCreationAttributes, Model, Sequelize } from 'sequelize';
import type { AccountRow, Engine, WriteContender } from './contender';

class Account extends Model<InferAttributes<Account>, InferCreationAttributes<Account>> {
  declare id: CreationOptional<number>;
  declare email: string;
  declare name: string;
  declare balance: number;
}

class Job extends Model<InferAttributes<Job>, InferCreationAttributes<Job>> {
  declare id: CreationOptional<number>;
  declare payload: string;
  declare worker: number | null;
  declare doneAt: Date | null;
}

/**
 * Sequelize as its docs show it: `bulkCreate` with `updateOnDuplicate`, `Model.increment`, and `findAll` with
 * `lock` and `skipLocked` in a managed transaction.
 */
export class SequelizeWrites implements WriteContender {
  readonly name = 'sequelize';
  private sequelize?: Sequelize;

  async open(engine: Engine, url: string, connections: number): Promise<void> {
    let schema: string | undefined;
    if (engine === 'postgres') {
      const u = new URL(url);
      schema = u.searchParams.get('schema') ?? undefined;
      u.searchParams.delete('schema');
      this.sequelize = new Sequelize(u.toString(), { dialect: 'postgres', logging: false, pool: { max: connections } });
    } else {
      this.sequelize = new Sequelize({ dialect: 'sqlite', storage: url.replace(/^sqlite:/, ''), logging: false });
    }
    const sequelize = this.sequelize;
    Account.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        email: { type: DataTypes.STRING(255), allowNull: false, unique: true },
        name: { type: DataTypes.STRING(100), allowNull: false },
        balance: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      },
      { sequelize, tableName: 'accounts', schema, timestamps: false },
    );
    Job.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        payload: { type: DataTypes.STRING(100), allowNull: false },
        worker: { type: DataTypes.INTEGER, allowNull: true },
        doneAt: { type: DataTypes.DATE, allowNull: true, field: 'done_at' },
      },
      { sequelize, tableName: 'jobs', schema, timestamps: false },
    );
    await sequelize.authenticate();
  }

  async upsertAccounts(rows: readonly AccountRow[]): Promise<void> {
    await Account.bulkCreate(rows as AccountRow[], { updateOnDuplicate: ['name', 'balance'], conflictAttributes: ['email'] });
  }

  async incrementBalances(ids: readonly number[]): Promise<void> {
    await this.sequelize!.transaction(async (transaction) => {
      for (const id of ids) await Account.increment('balance', { by: 1, where: { id }, transaction });
    });
  }

  async drainJobs(worker: number, batch: number): Promise<number> {
    let taken = 0;
    for (;;) {
      const count = await this.sequelize!.transaction(async (transaction) => {
        const next = await Job.findAll({ attributes: ['id'], where: { doneAt: null }, order: [['id', 'ASC']], limit: batch, lock: transaction.LOCK.UPDATE, skipLocked: true, transaction });
        if (next.length > 0) await Job.update({ doneAt: new Date(), worker }, { where: { id: next.map((j) => j.id) }, transaction });
        return next.length;
      });
      if (count === 0) return taken;
      taken += count;
    }
  }

  async close(): Promise<void> {
    await this.sequelize?.close();
    this.sequelize = undefined;
  }
}
