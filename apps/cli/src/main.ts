// `tr4ction`: the operator CLI. Run through `npx tr4ction` (apps/cli/bin) or
// `node -r ./tools/runtime/register-paths.js dist/apps/cli/src/main.js`.
import { runCli } from './program';
import { processIo } from './framework/cli-io';

// `tr4ction audit export | head`: a reader that stops early is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
}

runCli(process.argv.slice(2), processIo()).then(
  (code) => {
    // Exit explicitly: a library may hold a timer or socket open, and a CLI must not linger.
    process.stdout.write('', () => process.exit(code));
  },
  (err: unknown) => {
    process.stderr.write(`tr4ction: unexpected error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(70);
  },
);
