/**
 * Writes a development bus (CA, server certificate, one nkey per identity, the nats-server
 * configuration from the permission table) into a folder: compose's `bus-init` step runs it.
 *   node -r ./tools/runtime/register-paths.js dist/tools/bus/generate-bus.js \
 *     --dir /bus --host nats --listen 0.0.0.0 --port 4222 --store /data [--owner 1000]
 * Existing keys are kept, so a restart does not change anyone's credential.
 */
import { chownSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureDevBus } from '@tr4ction/bus';

function chownTree(path: string, uid: number): void {
  chownSync(path, uid, uid);
  if (statSync(path).isDirectory()) for (const entry of readdirSync(path)) chownTree(join(path, entry), uid);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      dir: { type: 'string' },
      host: { type: 'string' },
      listen: { type: 'string' },
      port: { type: 'string' },
      store: { type: 'string' },
      owner: { type: 'string' },
    },
  });
  if (!values.dir || !values.port)
    throw new Error('usage: generate-bus --dir <folder> --port <port> [--host name] [--listen address] [--store folder] [--owner uid]');
  const bus = await ensureDevBus({ dir: values.dir, port: Number(values.port), host: values.host, listenHost: values.listen, storeDir: values.store });
  // The services run as another user than this step: they must be able to read their seed files.
  if (values.owner) chownTree(values.dir, Number(values.owner));
  console.log(`bus files written: ${bus.configFile}; clients use ${bus.url} with the CA ${bus.caFile}`);
}

main().catch((err: unknown) => {
  console.error(`generate-bus: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
