// Jest's globalSetup runs outside the module mapper: resolve @tr4ction/* to the TypeScript sources here.
import { resolve } from 'node:path';
import { register } from 'tsconfig-paths';

const root = resolve(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { compilerOptions } = require(resolve(root, 'tsconfig.base.json')) as { compilerOptions: { paths: Record<string, string[]> } };
register({ baseUrl: root, paths: compilerOptions.paths, addMatchAll: false });
