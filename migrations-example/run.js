// Runs app.ts with the package's TypeScript loader: no build step for the example's own files.
require('strata-orm/loader').registerTypeScript();
require('./app.ts');
