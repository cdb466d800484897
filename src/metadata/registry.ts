import type { EntityClass } from '../decorators/options';
import { ownRaw } from '../decorators/raw-store';
import { type DraftEntity, Problems } from './draft';
import { draftEntity } from './draft-entity';
import { EntityDefinitionError } from './errors';
import { finishEntity } from './finish';
import { resolveBelongsTo, resolveInverseRelations } from './relations';
import type { EntityMetadata } from './types';

/**
 * The validated metadata of an explicit set of entity classes. Build one with
 * {@link MetadataRegistry.build}; nothing is registered globally.
 */
export class MetadataRegistry {
  private readonly byClass: ReadonlyMap<EntityClass, EntityMetadata>;

  private constructor(readonly entities: readonly EntityMetadata[]) {
    this.byClass = new Map(entities.map((e) => [e.target, e]));
  }

  /**
   * Validates the classes and resolves their relations.
   * @throws EntityDefinitionError listing every problem, each naming `Class.property`.
   */
  static build(classes: readonly unknown[]): MetadataRegistry {
    const problems = new Problems();
    const drafts = new Map<EntityClass, DraftEntity>();
    for (const cls of classes) {
      if (typeof cls !== 'function') {
        problems.add('entities', `expected entity classes, but got ${cls === null ? 'null' : typeof cls} (${String(cls)}).`);
        continue;
      }
      const own = ownRaw(cls as EntityClass);
      if (!own?.table) {
        problems.add(cls.name || 'an anonymous class', 'is not an entity: add @Table() to the class, or leave it out of the entities list.');
        continue;
      }
      if (!drafts.has(cls as EntityClass)) drafts.set(cls as EntityClass, draftEntity(cls as EntityClass, own, problems));
    }
    for (const draft of drafts.values()) resolveBelongsTo(draft, drafts, problems);
    for (const draft of drafts.values()) resolveInverseRelations(draft, drafts, problems);
    const tables = new Map<string, string>();
    for (const draft of drafts.values()) {
      const other = tables.get(draft.tableName);
      if (other) problems.add(draft.className, `${other} and ${draft.className} both map to table "${draft.tableName}"; give one of them another @Table name.`);
      tables.set(draft.tableName, draft.className);
    }
    const entities = [...drafts.values()].map((d) => finishEntity(d, problems));
    if (problems.list.length > 0) throw new EntityDefinitionError(problems.list);
    return new MetadataRegistry(entities as EntityMetadata[]);
  }

  /** The metadata of a registered class; throws a message naming the class otherwise. */
  get(cls: EntityClass): EntityMetadata {
    const found = this.byClass.get(cls);
    if (!found) {
      const name = cls?.name || String(cls);
      throw new EntityDefinitionError([{ where: name, message: `is not a registered entity; add ${name} to the entities list.` }]);
    }
    return found;
  }

  has(cls: EntityClass): boolean {
    return this.byClass.has(cls);
  }
}
