/**
 * One library under test. Every contender runs the same workloads on the same tables, in its own documented,
 * idiomatic way; the harness times them and reports ratios to the raw driver measured in the same run.
 */
export type Engine = 'postgres' | 'sqlite' | 'mysql';

export interface UserRow {
  name: string;
  email: string;
  age: number;
  active: boolean;
}

export interface Contender {
  readonly name: string;
  /** The engines it runs on; all when absent. */
  readonly engines?: readonly Engine[];
  /** Connects; the tables exist already (see schema.ts). */
  open(engine: Engine, url: string): Promise<void>;
  /** W1: insert these users in bulk. */
  insertUsers(rows: readonly UserRow[]): Promise<void>;
  /** W2: load every user; returns how many. */
  selectUsers(): Promise<number>;
  /** W3: load these users with their posts, the library's way of loading a relation; returns the posts seen. */
  usersWithPosts(ids: readonly number[]): Promise<number>;
  /** W4: find each user by primary key, one query each. */
  findByIds(ids: readonly number[]): Promise<void>;
  /** W5: update each user's age by id, one statement each, all in one transaction. */
  updateByIds(ids: readonly number[]): Promise<void>;
  // W6–W8 came later (issue 12): a contender not written for them yet leaves them out, and shows "n/a".
  /** W6: group the orders by user id, summing their amounts, in user id order; returns the sum of the groups' sums. */
  orderTotals?(): Promise<number>;
  /** W7: load the users having some post whose title starts with `prefix`; returns how many. */
  usersWithPostLike?(prefix: string): Promise<number>;
  /** W8: load these users with each one's 3 latest posts (highest ids); returns the posts seen. */
  usersWithLatestPosts?(ids: readonly number[]): Promise<number>;
  close(): Promise<void>;
}
