// jest globalSetup: a directory for this run's packed package and template projects, built on first use by
// test/helpers/fresh.ts and shared by every worker (they inherit this environment variable).
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

module.exports = function freshSetup() {
  if (!process.env.STRATA_FRESH_DIR) process.env.STRATA_FRESH_DIR = mkdtempSync(join(tmpdir(), 'strata-fresh-'));
};
