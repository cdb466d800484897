import { MigrationFailedError } from '../../src/migrator/failure';
import { StepFailure } from '../../src/migrator/step-progress';

// A file run step by step (MariaDB) that failed: what ran, what is applied, and how to go on from there.
describe('MigrationFailedError of a file run step by step', () => {
  const failing = (applied: number): StepFailure => new StepFailure(
    { n: applied + 1, description: 'alter table users' },
    Array.from({ length: applied }, (_, i) => ({ n: i + 1, description: `create table t${i + 1}` })),
    applied,
    new Error("alter table `users` add `age` int - Duplicate column name 'age'"),
  );

  it('offers to undo the steps applied, when some are', () => {
    const error = MigrationFailedError.from('20260101-x', 'up', failing(2), false);
    expect(error.message).toContain('steps 1 to 2 of 20260101-x are applied');
    expect(error.message).toMatch(/it goes on from step 3\. Or run `orm db:migrate:undo` to undo the steps that are applied\.$/);
  });

  it('offers nothing to undo when no step is applied', () => {
    const error = MigrationFailedError.from('20260101-x', 'up', failing(0), false);
    expect(error.message).toContain('nothing of 20260101-x is applied');
    expect(error.message).toMatch(/it goes on from step 1\.$/);
  });
});
