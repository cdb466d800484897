// jest globalTeardown: removes what fresh-setup.js made, unless STRATA_FRESH_KEEP is set (to inspect it).
const { rmSync } = require('node:fs');

module.exports = function freshTeardown() {
  if (process.env.STRATA_FRESH_DIR && !process.env.STRATA_FRESH_KEEP) rmSync(process.env.STRATA_FRESH_DIR, { recursive: true, force: true });
};
