import type { Change } from '../changes/change';
import { invertAll } from '../changes/invert';
import { renderMigration } from '../codegen/render-migration';
import type { Dialect } from '../dialects';
import { planChanges } from '../dialects/plan-changes';
import { diffSchemas } from '../diff/diff';
import { schema as emptySchema } from '../schema/factories';
import type { Schema } from '../schema/model';

/** The migration that creates `schema` in an empty database (and whose down drops it): what baseline and squash write. */
export function creationMigration(dialect: Dialect, schema: Schema): { readonly changes: Change[]; readonly source: string } {
  const empty = emptySchema();
  const changes = diffSchemas(empty, schema, { forwardReferences: dialect.capabilities.forwardReferences });
  const source = renderMigration({
    dialect: dialect.name,
    up: planChanges(dialect, empty, changes),
    down: planChanges(dialect, schema, invertAll(changes)),
    stepwise: !dialect.capabilities.transactionalDdl,
  });
  return { changes, source };
}
