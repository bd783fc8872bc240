// Resolves the @tr4ction/* aliases of tsconfig.base.json against the compiled tree in dist/,
// so `node -r ./tools/runtime/register-paths.js dist/apps/<app>/src/main.js` runs a built service.
const path = require('node:path');
const tsconfigPaths = require('tsconfig-paths');
const { compilerOptions } = require('../../tsconfig.base.json');

const root = path.resolve(__dirname, '..', '..');
const paths = {};
for (const [alias, targets] of Object.entries(compilerOptions.paths)) {
  paths[alias] = targets.map((t) => t.replace(/\.ts$/, ''));
}
tsconfigPaths.register({ baseUrl: path.join(root, 'dist'), paths, addMatchAll: false });
