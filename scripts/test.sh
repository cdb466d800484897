#!/usr/bin/env bash
# `npm test` after the build: every suite with jest (SQLite on better-sqlite3), then the SQLite runtime and
# migration suites again on each other SQLite driver: sqlite3, and node:sqlite under Node.js 22 (scripts/node22.sh
# fetches it from the npm registry once). Arguments go to the first jest run alone, and then it is the only one.
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
