import { col, type CreationOptional, DataTypes, type ForeignKey, fn, type InferAttributes, type InferCreationAttributes, Model, type NonAttribute, Op, Sequelize } from 'sequelize';
import type { Contender, Engine, UserRow } from './contender';

// Models as Sequelize's TypeScript guide writes them: `declare`d attributes (so no class field shadows the
// attribute accessors), `Model.init` per connection. The tables exist already; Sequelize never syncs them.
class User extends Model<InferAttributes<User>, InferCreationAttributes<User>> {
  declare id: CreationOptional<number>;
  declare name: string;
  declare email: string;
  declare age: number;
  declare active: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
  declare posts?: NonAttribute<Post[]>;
}

class Post extends Model<InferAttributes<Post>, InferCreationAttributes<Post>> {
  declare id: CreationOptional<number>;
  declare userId: ForeignKey<User['id']>;
  declare title: string;
  declare body: string;
}

class Order extends Model<InferAttributes<Order>, InferCreationAttributes<Order>> {
  declare id: CreationOptional<number>;
  declare userId: number;
  declare amount: number;
}

/** Sequelize as its docs show it: `bulkCreate`, `findAll` with `include`, `findByPk`, a managed transaction. */
export class SequelizeContender implements Contender {
  readonly name = 'sequelize';
  // Measured on PostgreSQL and SQLite; on MariaDB, issue 14 compares with knex and TypeORM.
  readonly engines: readonly Engine[] = ['postgres', 'sqlite'];
  private sequelize?: Sequelize;

  async open(engine: Engine, url: string): Promise<void> {
    let schema: string | undefined;
    if (engine === 'postgres') {
      const u = new URL(url);
      schema = u.searchParams.get('schema') ?? undefined;
      u.searchParams.delete('schema');
      this.sequelize = new Sequelize(u.toString(), { dialect: 'postgres', logging: false });
    } else {
      this.sequelize = new Sequelize({ dialect: 'sqlite', storage: url.replace(/^sqlite:/, ''), logging: false });
    }
    const sequelize = this.sequelize;
    User.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        name: { type: DataTypes.STRING(100), allowNull: false },
        email: { type: DataTypes.STRING(255), allowNull: false, unique: true },
        age: { type: DataTypes.INTEGER, allowNull: false },
        active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
        createdAt: { type: DataTypes.DATE, field: 'created_at' },
        updatedAt: { type: DataTypes.DATE, field: 'updated_at' },
      },
      { sequelize, tableName: 'users', schema, timestamps: true },
    );
    Post.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        title: { type: DataTypes.STRING(200), allowNull: false },
        body: { type: DataTypes.TEXT, allowNull: false },
      },
      { sequelize, tableName: 'posts', schema, timestamps: false },
    );
    Order.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        userId: { type: DataTypes.INTEGER, allowNull: false, field: 'user_id' },
        amount: { type: DataTypes.INTEGER, allowNull: false },
      },
      { sequelize, tableName: 'orders', schema, timestamps: false },
    );
    User.hasMany(Post, { as: 'posts', foreignKey: { name: 'userId', field: 'user_id', allowNull: false }, onDelete: 'CASCADE' });
    Post.belongsTo(User, { as: 'user', foreignKey: { name: 'userId', field: 'user_id', allowNull: false } });
    await sequelize.authenticate();
  }

  async insertUsers(rows: readonly UserRow[]): Promise<void> {
    await User.bulkCreate(rows as UserRow[]);
  }

  async selectUsers(): Promise<number> {
    return (await User.findAll()).length;
  }

  async usersWithPosts(ids: readonly number[]): Promise<number> {
    const users = await User.findAll({ where: { id: ids as number[] }, include: [{ model: Post, as: 'posts' }] });
    return users.reduce((n, u) => n + u.posts!.length, 0);
  }

  async findByIds(ids: readonly number[]): Promise<void> {
    for (const id of ids) await User.findByPk(id);
  }

  async updateByIds(ids: readonly number[]): Promise<void> {
    // `Model.update` sets updatedAt (updated_at) itself, timestamps being on.
    await this.sequelize!.transaction(async (transaction) => {
      for (const id of ids) await User.update({ age: 31 }, { where: { id }, transaction });
    });
  }

  async orderTotals(): Promise<number> {
    const rows = (await Order.findAll({ attributes: ['userId', [fn('SUM', col('amount')), 'total']], group: ['userId'], order: [['userId', 'ASC']], raw: true })) as unknown as { total: string | number }[];
    return rows.reduce((n, r) => n + Number(r.total), 0);
  }

  async usersWithPostLike(prefix: string): Promise<number> {
    // A required include with a where (an INNER JOIN), its columns left out: Sequelize gives each user once.
    const users = await User.findAll({ include: [{ model: Post, as: 'posts', where: { title: { [Op.like]: `${prefix}%` } }, attributes: [], required: true }] });
    return users.length;
  }

  async usersWithLatestPosts(ids: readonly number[]): Promise<number> {
    // Sequelize's own per-parent limit (`separate: true, limit: 3`) writes one UNION term per user: SQLite refuses
    // more than 500 terms, and on PostgreSQL it took 170 times the raw driver's time. Its users load the relation
    // sorted and keep the first three, as TypeORM's and MikroORM's do.
    const users = await User.findAll({ where: { id: ids as number[] }, include: [{ model: Post, as: 'posts' }], order: [[{ model: Post, as: 'posts' }, 'id', 'DESC']] });
    return users.reduce((n, u) => n + u.posts!.slice(0, 3).length, 0);
  }

  async close(): Promise<void> {
    await this.sequelize?.close();
    this.sequelize = undefined;
  }
}
