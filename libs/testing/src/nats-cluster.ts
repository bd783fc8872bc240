/**
 * A private three-node nats-server cluster with JetStream on spare loopback ports (routes between
 * them, a store directory each), for tests of replicated streams and of losing a node. A node can
 * be killed (SIGKILL) and restarted on the same ports and store.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type NatsConnection } from 'nats';
import { freePort } from './free-port';
import { findNatsServer } from './private-nats';
import { waitFor } from './wait-for';

interface ClusterNode {
  name: string;
  clientPort: number;
  routePort: number;
  child?: ChildProcess;
}

export class NatsCluster {
  private constructor(
    private readonly bin: string,
    private readonly nodes: ClusterNode[],
    private readonly storeRoot: string,
  ) {}

  static async start(size = 3): Promise<NatsCluster> {
    const bin = findNatsServer();
    if (!bin) throw new Error('nats-server binary not found (install the nats-server package)');
    const nodes: ClusterNode[] = [];
    for (let i = 1; i <= size; i++) nodes.push({ name: `n${i}`, clientPort: await freePort(), routePort: await freePort() });
    const cluster = new NatsCluster(bin, nodes, mkdtempSync(join(tmpdir(), 'tr4ction-nats-cluster-')));
    for (const node of nodes) cluster.launch(node);
    await cluster.waitForJetStream();
    return cluster;
  }

  /** Every node's client URL, comma separated (a NATS_URL). */
  get url(): string {
    return this.nodes.map((n) => `nats://127.0.0.1:${n.clientPort}`).join(',');
  }

  get servers(): string[] {
    return this.nodes.map((n) => `nats://127.0.0.1:${n.clientPort}`);
  }

  get names(): string[] {
    return this.nodes.map((n) => n.name);
  }

  private launch(node: ClusterNode): void {
    const routes = this.nodes
      .filter((n) => n !== node)
      .map((n) => `nats-route://127.0.0.1:${n.routePort}`)
      .join(',');
    node.child = spawn(
      this.bin,
      [
        '-a',
        '127.0.0.1',
        '-p',
        String(node.clientPort),
        '-n',
        node.name,
        '-js',
        '-sd',
        join(this.storeRoot, node.name),
        '--cluster_name',
        'tr4ction-test',
        '--cluster',
        `nats://127.0.0.1:${node.routePort}`,
        '--routes',
        routes,
      ],
      { stdio: 'ignore' },
    );
  }

  /** Resolves once the cluster has a JetStream meta leader (streams can be created). */
  async waitForJetStream(timeoutMs = 60_000): Promise<void> {
    await waitFor(
      async () => {
        let nc: NatsConnection | undefined;
        try {
          nc = await connect({ servers: this.servers, timeout: 1000, maxReconnectAttempts: 0 });
          const info = await (await nc.jetstreamManager()).getAccountInfo();
          return info !== undefined;
        } catch {
          return undefined;
        } finally {
          await nc?.close().catch(() => undefined);
        }
      },
      { timeoutMs, intervalMs: 250, what: 'the NATS cluster to elect a JetStream leader' },
    );
  }

  /** SIGKILLs a node (by name); its store stays for a restart. */
  async kill(name: string): Promise<void> {
    const node = this.node(name);
    const child = node.child;
    if (!child) return;
    node.child = undefined;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }

  /** Restarts a killed node on its ports and store. */
  restart(name: string): void {
    const node = this.node(name);
    if (!node.child) this.launch(node);
  }

  private node(name: string): ClusterNode {
    const node = this.nodes.find((n) => n.name === name);
    if (!node) throw new Error(`no node ${name}`);
    return node;
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.nodes.map(async (node) => {
        const child = node.child;
        if (!child) return;
        node.child = undefined;
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }),
    );
    rmSync(this.storeRoot, { recursive: true, force: true });
  }
}
