import { BelongsTo, PrimaryKey, type Relation, Table } from 'strata-orm';
import { Role } from './role';
import { User } from './user';

@Table('user_roles')
export class UserRole {
  @PrimaryKey({ autoIncrement: false }) userId!: number;
  @PrimaryKey({ autoIncrement: false }) roleId!: number;
  @BelongsTo(() => User, { onDelete: 'cascade' }) user?: Relation<User>;
  @BelongsTo(() => Role, { onDelete: 'cascade' }) role?: Relation<Role>;
}
