/** One thing wrong with an entity: where (`Class` or `Class.property`) and what to change. */
export interface EntityProblem {
  readonly where: string;
  readonly message: string;
}

/**
 * The entities cannot be registered. Lists every problem found, each naming the class or
 * `Class.property` and what to change.
 */
export class EntityDefinitionError extends Error {
  override readonly name = 'EntityDefinitionError';
  constructor(readonly problems: readonly EntityProblem[]) {
    super(
      problems.length === 1
        ? `${problems[0]!.where}: ${problems[0]!.message}`
        : `${problems.length} problems in the entity definitions:\n` +
            problems.map((p) => `  - ${p.where}: ${p.message}`).join('\n'),
    );
  }
}
