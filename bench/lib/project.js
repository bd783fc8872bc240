/**
 * What the bench reuses from the project: the built libraries in dist/ (through the same path
 * aliases the services use) and the test-only ServiceStack of libs/testing, which is not part of
 * the build and is compiled here on load with the TypeScript compiler the project already has.
 */
const { readFileSync } = require('node:fs');
const { join, resolve } = require('node:path');

const ROOT = resolve(__dirname, '..', '..');
let registered = false;

function register() {
  if (registered) return;
  registered = true;
  require(join(ROOT, 'tools', 'runtime', 'register-paths.js'));
  const ts = require('typescript');
  const previous = require.extensions['.ts'];
  require.extensions['.ts'] = (module, filename) => {
    if (!filename.startsWith(join(ROOT, 'libs', 'testing'))) {
      if (previous) return previous(module, filename);
      throw new Error(`bench loads only libs/testing from TypeScript sources, not ${filename}`);
    }
    const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), {
      fileName: filename,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    });
    module._compile(outputText, filename);
  };
}

/** @tr4ction/<name> from dist (run `npm run build` first). */
function lib(name) {
  register();
  return require(`@tr4ction/${name}`);
}

/** A compiled file of an app, e.g. app('audit-service', 'audit/audit.repository'). */
function app(service, path) {
  register();
  return require(join(ROOT, 'dist', 'apps', service, 'src', path));
}

/** libs/testing (ServiceStack, test databases, waitFor, http). */
function testing() {
  register();
  return require(join(ROOT, 'libs', 'testing', 'src', 'index.ts'));
}

module.exports = { ROOT, lib, app, testing };
