/**
 * End-to-end tests run the built services; make sure dist/ is current (incremental, quick when
 * nothing changed) so `npm run test:e2e` alone never tests stale code.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

export default async function setup(): Promise<void> {
  const root = resolve(__dirname, '..', '..');
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-b', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  // The console the gateway serves at /console (skipped when its inputs are unchanged).
  execFileSync(process.execPath, ['tools/console/build-console.js'], { cwd: root, stdio: 'inherit' });
}
