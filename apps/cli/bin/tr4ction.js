#!/usr/bin/env node
// `npx tr4ction ...` (npm links this file as the workspace package's bin): runs the compiled CLI
// from dist/ with the @tr4ction/* aliases mapped onto dist/, like the services run.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..', '..');
const main = path.join(root, 'dist', 'apps', 'cli', 'src', 'main.js');

if (!fs.existsSync(main)) {
  const where = path.relative(process.cwd(), root);
  process.stderr.write(
    'tr4ction: the CLI is not built yet.\n' +
      `  Run \`npm run build\`${where ? ` in ${where}` : ''} (it compiles every app into dist/), then run the command again.\n`,
  );
  process.exit(69); // EX_UNAVAILABLE, as for any missing dependency of a command
}

require(path.join(root, 'tools', 'runtime', 'register-paths.js'));
require(main);
