#!/usr/bin/env bash
# `npm test` after the build: every suite with jest (SQLite on better-sqlite3), then the SQLite runtime and
# migration suites again on each other SQLite driver: sqlite3, and node:sqlite under Node.js 22 (scripts/node22.sh
# fetches it from the npm registry once), then the PostgreSQL runtime suites through PgBouncer in transaction mode.
# Arguments go to the first jest run alone, and then it is the only one.
set -euo pipefail
cd "$(dirname "$0")/.."

# The CLI's TypeScript loading is tested on Node.js 22 too (test/cli/node22.test.ts).
STRATA_NODE22="$(scripts/node22.sh)"
export STRATA_NODE22

if [ "$#" -gt 0 ]; then exec npx jest "$@"; fi
npx jest

# The suites that drive a SQLite connection: the runtime, migration units and rebuilds, reset_db, introspection
# and entity:generate, the generate/apply round trips, and `orm db:migrate`: its lock between concurrent runs, its
# failures, and a rebuild of a parent table that keeps its ON DELETE CASCADE children.
SQLITE_SUITES=(test/integration test/cli/concurrency.test.ts test/cli/failures.test.ts)

started=$SECONDS
echo "SQLite suites on sqlite3:"
TEST_SQLITE_DRIVER=sqlite3 STRATA_TEST_DIALECTS=sqlite npx jest "${SQLITE_SUITES[@]}"
echo "SQLite suites on sqlite3: $((SECONDS - started)) s"

started=$SECONDS
echo "SQLite suites on node:sqlite (Node.js $("$STRATA_NODE22" --version)):"
# --forceExit: on Node.js 22, jest's own process stayed alive after every test had passed (seen once, with no
# worker left; the handle that kept it was not found), which would hang CI.
TEST_SQLITE_DRIVER=node:sqlite STRATA_TEST_DIALECTS=sqlite "$STRATA_NODE22" node_modules/.bin/jest --forceExit "${SQLITE_SUITES[@]}"
echo "SQLite suites on node:sqlite: $((SECONDS - started)) s"

# The runtime through PgBouncer (.ci/pgbouncer starts it): each test file gets a database of its own on the server
# (TEST_DIRECT_DATABASE_URL), reached through the pooler; the read-replica suite has servers of its own.
PGBOUNCER_URL=${TEST_PGBOUNCER_URL:-postgres://postgres@127.0.0.1:6432/test}
if [ -n "${CI:-}" ] || pg_isready -q -d "$PGBOUNCER_URL"; then
  started=$SECONDS
  echo "PostgreSQL runtime suites through PgBouncer:"
  TEST_DIRECT_DATABASE_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}" TEST_DATABASE_URL="$PGBOUNCER_URL" \
    STRATA_TEST_DIALECTS=postgres npx jest test/integration/runtime --testPathIgnorePatterns replicas
  echo "PostgreSQL runtime suites through PgBouncer: $((SECONDS - started)) s"
else
  echo "No PgBouncer answers at $PGBOUNCER_URL: the runtime suites through it are skipped (bash .ci/pgbouncer starts one)."
fi
