// Runs a TypeScript benchmark with the package's own loader: `node bench/run.js reset-db`.
const { join } = require('node:path');
require('strata-orm/loader').registerTypeScript();
const name = process.argv[2];
if (!name) {
  console.error('usage: node bench/run.js <benchmark>   (e.g. reset-db)');
  process.exit(2);
}
require(join(__dirname, `${name}.ts`));
