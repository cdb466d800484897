import type { EntityClass, ReferentialActionOption } from '../decorators/options';
import { ownRaw, type RawRelation } from '../decorators/raw-store';
import { REFERENTIAL_ACTIONS, type ReferentialAction } from '../schema/model';
import { lowerFirst, snakeCase } from '../util/naming';
import { type DraftColumn, type DraftEntity, findDraftColumn, primaryColumns, Problems } from './draft';

type Drafts = ReadonlyMap<EntityClass, DraftEntity>;

/** Phase two: `@BelongsTo` relations, which add or type their foreign key columns. */
export function resolveBelongsTo(entity: DraftEntity, drafts: Drafts, problems: Problems): void {
  for (const { property, relation } of entity.rawRelations) {
    if (relation.kind !== 'belongsTo') continue;
    const where = `${entity.className}.${property}`;
    const target = resolveTarget(relation, where, drafts, problems);
    const key = target && singleKey(target, where, problems);
    if (!target || !key) continue;
    const onDelete = referentialAction(relation.options.onDelete, where, 'onDelete', problems);
    const onUpdate = referentialAction(relation.options.onUpdate, where, 'onUpdate', problems);
    const fkProperty = relation.options.foreignKey ?? `${property}Id`;
    let fk = findDraftColumn(entity, fkProperty);
    if (!fk) {
      fk = { property: fkProperty, name: snakeCase(fkProperty), nullable: relation.options.nullable ?? false, primary: false, renamedFrom: [] };
      entity.columns.push(fk);
    }
    matchKeyType(fk, key, `${entity.className}.${fkProperty}`, `${target.className}.${key.property}`, where, problems);
    if (onDelete === 'set null' && !fk.nullable) {
      problems.add(where, `onDelete 'set null' needs a nullable foreign key; add nullable: true (to the relation, or to the ${fkProperty} column).`);
    }
    entity.relations.push({ kind: 'belongsTo', property, target: target.cls, foreignKey: fkProperty, targetKey: key.property });
    addForeignKey(entity, { properties: [fkProperty], target: target.cls, targetProperties: [key.property], onDelete, onUpdate });
  }
}

/** Phase three: `@HasMany`, `@HasOne` and `@BelongsToMany`, which find their keys on the other side. */
export function resolveInverseRelations(entity: DraftEntity, drafts: Drafts, problems: Problems): void {
  for (const { property, relation } of entity.rawRelations) {
    const where = `${entity.className}.${property}`;
    if (relation.kind === 'belongsTo') continue;
    const target = resolveTarget(relation, where, drafts, problems);
    const sourceKey = target && singleKey(entity, where, problems);
    if (!target || !sourceKey) continue;
    if (relation.kind === 'belongsToMany') {
      resolveBelongsToMany(entity, property, relation, target, sourceKey, drafts, problems);
      continue;
    }
    const foreignKey = keyReferencing(target, entity, relation.options.foreignKey, where, problems);
    if (!foreignKey) continue;
    matchKeyType(foreignKey, sourceKey, `${target.className}.${foreignKey.property}`, `${entity.className}.${sourceKey.property}`, where, problems);
    addForeignKey(target, { properties: [foreignKey.property], target: entity.cls, targetProperties: [sourceKey.property], onDelete: 'no action', onUpdate: 'no action' });
    entity.relations.push({ kind: relation.kind, property, target: target.cls, foreignKey: foreignKey.property, sourceKey: sourceKey.property });
  }
}

function resolveBelongsToMany(
  entity: DraftEntity, property: string, relation: Extract<RawRelation, { kind: 'belongsToMany' }>,
  target: DraftEntity, sourceKey: DraftColumn, drafts: Drafts, problems: Problems,
): void {
  const where = `${entity.className}.${property}`;
  const through = resolveClass(relation.options.through, 'through', where, drafts, problems);
  const targetKey = through && singleKey(target, where, problems);
  if (!through || !targetKey) return;
  const foreignKey = keyReferencing(through, entity, relation.options.foreignKey, where, problems, 'foreignKey');
  const otherKey = keyReferencing(through, target, relation.options.otherKey, where, problems, 'otherKey', foreignKey?.property);
  if (!foreignKey || !otherKey) return;
  matchKeyType(foreignKey, sourceKey, `${through.className}.${foreignKey.property}`, `${entity.className}.${sourceKey.property}`, where, problems);
  matchKeyType(otherKey, targetKey, `${through.className}.${otherKey.property}`, `${target.className}.${targetKey.property}`, where, problems);
  // A junction row means nothing without both ends, so implied junction keys cascade.
  addForeignKey(through, { properties: [foreignKey.property], target: entity.cls, targetProperties: [sourceKey.property], onDelete: 'cascade', onUpdate: 'no action' });
  addForeignKey(through, { properties: [otherKey.property], target: target.cls, targetProperties: [targetKey.property], onDelete: 'cascade', onUpdate: 'no action' });
  entity.relations.push({
    kind: 'belongsToMany', property, target: target.cls, through: through.cls,
    foreignKey: foreignKey.property, otherKey: otherKey.property, sourceKey: sourceKey.property, targetKey: targetKey.property,
  });
}

/**
 * The column of `holder` that references `referenced`: the one named by the option (a column property or
 * a `@BelongsTo` property), else the key of holder's only `@BelongsTo` to `referenced`, else `<referenced>Id`.
 */
function keyReferencing(
  holder: DraftEntity, referenced: DraftEntity, option: string | undefined, where: string, problems: Problems,
  optionName = 'foreignKey', exclude?: string,
): DraftColumn | undefined {
  if (option !== undefined) {
    const viaRelation = holder.relations.find((r) => r.kind === 'belongsTo' && r.property === option);
    const column = findDraftColumn(holder, viaRelation?.kind === 'belongsTo' ? viaRelation.foreignKey : option);
    if (!column) problems.add(where, `${optionName} '${option}' is not a column or @BelongsTo of ${holder.className}; name the ${holder.className} property that references ${referenced.className}.`);
    return column;
  }
  const inverse = holder.relations.filter(
    (r) => r.kind === 'belongsTo' && r.target === referenced.cls && r.foreignKey !== exclude,
  );
  if (inverse.length === 1 && inverse[0]!.kind === 'belongsTo') return findDraftColumn(holder, inverse[0]!.foreignKey);
  if (inverse.length > 1) {
    problems.add(where, `${holder.className} has several @BelongsTo(() => ${referenced.className}) (${inverse.map((r) => r.property).join(', ')}); say which one with ${optionName}.`);
    return undefined;
  }
  const conventional = findDraftColumn(holder, `${lowerFirst(referenced.className)}Id`);
  if (conventional && conventional.property !== exclude) return conventional;
  problems.add(
    where,
    `cannot find the inverse side: ${holder.className} has no @BelongsTo(() => ${referenced.className}) and no ${lowerFirst(referenced.className)}Id column. ` +
      `Add @BelongsTo(() => ${referenced.className}) to ${holder.className}, or give ${optionName} naming its column that references ${referenced.className}.`,
  );
  return undefined;
}

function resolveTarget(relation: RawRelation, where: string, drafts: Drafts, problems: Problems): DraftEntity | undefined {
  return resolveClass(relation.target, 'target', where, drafts, problems);
}

function resolveClass(thunk: () => EntityClass, what: string, where: string, drafts: Drafts, problems: Problems): DraftEntity | undefined {
  if (typeof thunk !== 'function') {
    problems.add(where, what === 'through'
      ? "@BelongsToMany needs the junction entity: add { through: () => Junction }, e.g. @BelongsToMany(() => Role, { through: () => UserRole })."
      : `the ${what} must be a function returning the entity class, e.g. () => Post; got ${thunk === null ? 'null' : typeof thunk}.`);
    return undefined;
  }
  if (isClass(thunk)) {
    problems.add(where, `the ${what} is the class ${thunk.name} itself; pass a function returning it, () => ${thunk.name}, so that entities may refer to each other in cycles.`);
    return undefined;
  }
  let cls: unknown;
  try {
    cls = thunk();
  } catch (error) {
    problems.add(where, `the ${what} function threw (${(error as Error).message}); it should return the entity class, e.g. () => Post.`);
    return undefined;
  }
  if (typeof cls !== 'function') {
    problems.add(where, `the ${what} function returned ${cls === undefined ? 'undefined' : typeof cls}, not a class. ` +
      'This usually means a circular import evaluated it too early; keep the arrow function (() => Post) and import the module normally.');
    return undefined;
  }
  const draft = drafts.get(cls as EntityClass);
  if (draft) return draft;
  const name = (cls as EntityClass).name || 'the class';
  if (!ownRaw(cls as EntityClass)?.table) {
    problems.add(where, `the ${what} ${name} is not an entity; add @Table() to ${name}.`);
  } else {
    problems.add(where, `the ${what} ${name} is not among the registered entities; add ${name} to the entities list.`);
  }
  return undefined;
}

/** A class declaration, which throws when called without new: written where a `() => Class` belongs. */
function isClass(value: Function): boolean {
  return /^class[\s{]/.test(Function.prototype.toString.call(value));
}

function singleKey(entity: DraftEntity, where: string, problems: Problems): DraftColumn | undefined {
  const keys = primaryColumns(entity);
  if (keys.length === 1) return keys[0];
  if (keys.length > 1) {
    problems.add(where, `${entity.className} has a composite primary key (${keys.map((k) => k.property).join(', ')}); relations can only reference a single-column key.`);
  }
  return undefined;
}

/** A foreign key column takes the referenced key's type when it has none, and must match it otherwise. */
function matchKeyType(fk: DraftColumn, key: DraftColumn, fkName: string, keyName: string, where: string, problems: Problems): void {
  if (!key.type) return;
  if (!fk.type) {
    fk.type = key.type;
    fk.typeProblem = undefined;
    if (key.type === 'string') fk.length = key.length;
    return;
  }
  if (fk.type !== key.type) {
    problems.add(where, `the foreign key ${fkName} is '${fk.type}' but ${keyName} is '${key.type}'; make them the same type, e.g. @Column({ type: '${key.type}' }).`);
  }
}

function referentialAction(value: ReferentialActionOption | undefined, where: string, option: string, problems: Problems): ReferentialAction {
  if (value === undefined) return 'no action';
  const action = value.toLowerCase() as ReferentialAction;
  if ((REFERENTIAL_ACTIONS as readonly string[]).includes(action)) return action;
  problems.add(where, `${option} '${value}' is not a referential action; use one of ${REFERENTIAL_ACTIONS.join(', ')}.`);
  return 'no action';
}

function addForeignKey(entity: DraftEntity, fk: DraftEntity['foreignKeys'][number]): void {
  const same = entity.foreignKeys.some((existing) => existing.properties.join() === fk.properties.join());
  if (!same) entity.foreignKeys.push(fk);
}
