import type { ForeignKey, Table } from './model';

export interface CreationOrder {
  /** Tables in an order where each one's foreign keys point at tables created before it (or itself). */
  readonly tables: Table[];
  /** Foreign keys left out of the tables above to break cycles, to add once all tables exist. */
  readonly deferred: { readonly table: string; readonly foreignKey: ForeignKey }[];
}

/**
 * Orders new tables by their foreign keys. Cycles are broken by taking the foreign keys of the
 * alphabetically first table of the cycle out into `deferred`, unless the engine accepts references to
 * tables that do not exist yet (`forwardReferences`), in which case nothing needs deferring.
 * Dropping is the mirror: drop `deferred` first, then the tables in reverse.
 */
export function creationOrder(tables: readonly Table[], forwardReferences: boolean): CreationOrder {
  const remaining = [...tables].sort((a, b) => (a.name < b.name ? -1 : 1));
  const order: CreationOrder = { tables: [], deferred: [] };
  const pending = (name: string, self: string): boolean => name !== self && remaining.some((t) => t.name === name);
  while (remaining.length > 0) {
    let i = remaining.findIndex((t) => t.foreignKeys.every((fk) => !pending(fk.referencedTable, t.name)));
    let next: Table;
    if (i >= 0) {
      next = remaining[i]!;
    } else {
      i = 0;
      const head = remaining[0]!;
      const [keep, defer] = partition(head.foreignKeys, (fk) => forwardReferences || !pending(fk.referencedTable, head.name));
      next = { ...head, foreignKeys: keep };
      for (const foreignKey of defer) order.deferred.push({ table: head.name, foreignKey });
    }
    remaining.splice(i, 1);
    order.tables.push(next);
  }
  return order;
}

function partition<T>(items: readonly T[], keep: (item: T) => boolean): [T[], T[]] {
  return [items.filter(keep), items.filter((x) => !keep(x))];
}
