/** Runs test/support/oauth-client.mjs (oauth4webapi + jose, as an ES module process) with a JSON request on stdin. */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';

export function runOAuthClient<T>(request: Record<string, unknown>): Promise<T> {
  const script = resolve(__dirname, 'oauth-client.mjs');
  return new Promise((done, fail) => {
    const child = execFile(process.execPath, [script], { timeout: 30_000 }, (err, stdout, stderr) => {
      if (err) return fail(new Error(`oauth client failed: ${stderr || err.message}`));
      done(JSON.parse(stdout) as T);
    });
    child.stdin?.end(JSON.stringify(request));
  });
}
