/**
 * Unattended service-account rotation through a secret store (issue 18), whole stack, for two
 * stores on one stack: the file store (`<SECRETS_FILE_DIR>/<name>`) and AWS Secrets Manager,
 * served by moto over real HTTP with SigV4-signed requests (AWS_ENDPOINT_URL). An account created
 * with `secret_ref` gets its secret written to its store; a client that re-reads the store before
 * every token request keeps getting tokens while rotation-service, restarted with its clock 30
 * days ahead, rotates both secrets by itself; the old secret still works through the overlap and
 * is refused after it. Also `tr4ction secrets status` and `tr4ction secrets rotate service-account`.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { http, PrivateMoto, ServiceStack, waitFor } from '@tr4ction/testing';
import type { CredentialStatus } from '@tr4ction/contracts';
import { AwsSecretsManagerProvider } from '@tr4ction/secrets';
import { adminToken } from '../support/accounts';
import { apiClient } from '../support/api-client';
import { runCli, stackEnv } from '../support/cli';

const OPERATOR = 'alice';
const ADMIN_PASSWORD = 'Blue-Harbor-Lamp-77!';
const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
const FILE = 'e2e-exporter';
/** Read back by AwsSecretsManagerProvider with prefix `tr4ction/sa/` as the key E2E_EXPORTER. */
const AWS_SECRET = 'tr4ction/sa/e2e-exporter';

/** A client as the runbook tells them to be: it reads its secret from the store before each request. */
class StoreReadingClient {
  readonly statuses = new Map<number, number>();
  requests = 0;
  private running = true;
  private readonly done: Promise<void>;

  constructor(baseUrl: string, clientId: string, read: () => Promise<string>) {
    this.done = this.loop(baseUrl, clientId, read);
  }

  private async loop(baseUrl: string, clientId: string, read: () => Promise<string>): Promise<void> {
    while (this.running) {
      const secret = (await read()).replace(/\n$/, '');
      const { response } = await apiClient(baseUrl).POST('/auth/token', {
        body: { grant_type: 'client_credentials', client_id: clientId, client_secret: secret },
      });
      this.requests += 1;
      this.statuses.set(response.status, (this.statuses.get(response.status) ?? 0) + 1);
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.done;
  }
}

describe('service-account secret rotated in its store: file and AWS Secrets Manager on moto (e2e)', () => {
  let stack: ServiceStack;
  let moto: PrivateMoto;
  let sm: SecretsManagerClient;
  let dir: string;
  const cli = (args: string[]) => runCli(['--operator', OPERATOR, ...args], { env: stackEnv(stack, {}) });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tr4ction-sa-store-'));
    moto = await PrivateMoto.start();
    const aws = moto.awsEnv();
    sm = new SecretsManagerClient({
      endpoint: moto.endpoint,
      region: aws.AWS_REGION,
      credentials: { accessKeyId: aws.AWS_ACCESS_KEY_ID, secretAccessKey: aws.AWS_SECRET_ACCESS_KEY },
    });
    // The services reach moto the way they reach AWS: the SDK reads AWS_ENDPOINT_URL, the keys and the region.
    stack = await ServiceStack.start({ env: { ...aws, SECRETS_FILE_DIR: dir, ROTATION_CHECK_INTERVAL_MS: '500', RATE_LIMIT_AUTH_PER_IP: '100000' } });
  });

  afterAll(async () => {
    await stack?.stop();
    sm?.destroy();
    await moto?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('rotates at day 30 by itself with no 401 for clients re-reading their store; the old secret stops after the overlap', async () => {
    const token = await adminToken(stack.baseUrl, ADMIN_PASSWORD);
    const create = async (name: string, secretRef: { provider: 'file' | 'aws-secrets-manager'; name: string }) => {
      const { data, response } = await apiClient(stack.baseUrl, token).POST('/admin/service-accounts', {
        body: { name, scopes: ['audit:read'], secret_ref: secretRef },
      });
      expect(response.status).toBe(201);
      if (!data) throw new Error(`service account ${name} not created: ${response.status}`);
      return data;
    };
    const made = await create('e2e exporter', { provider: 'file', name: FILE });
    const inAws = await create('e2e aws exporter', { provider: 'aws-secrets-manager', name: AWS_SECRET });
    expect(inAws.secret_ref).toEqual({ provider: 'aws-secrets-manager', name: AWS_SECRET });
    // The client reads through the platform's provider, which asks for AWSCURRENT.
    const awsReader = new AwsSecretsManagerProvider({ prefix: 'tr4ction/sa/', client: sm });
    const readAws = () => awsReader.get('E2E_EXPORTER');
    const awsStage = async (stage: string) => (await sm.send(new GetSecretValueCommand({ SecretId: AWS_SECRET, VersionStage: stage }))).SecretString;
    const awsOriginal = inAws.client_secret;
    expect(await readAws()).toBe(awsOriginal);
    expect(made.secret_ref).toEqual({ provider: 'file', name: FILE });
    const path = join(dir, FILE);
    const original = made.client_secret;
    expect(await readFile(path, 'utf8')).toBe(original);

    // A provider the document does not offer: sent raw, since the typed client would not let it through.
    const refused = await http(stack.baseUrl, 'POST', '/admin/service-accounts', {
      token,
      body: { name: 'bad', scopes: ['audit:read'], secret_ref: { provider: 'env', name: 'x' } },
    });
    expect(refused.status).toBe(400);

    const grantFor = (clientId: string) => (secret: string) =>
      apiClient(stack.baseUrl)
        .POST('/auth/token', { body: { grant_type: 'client_credentials', client_id: clientId, client_secret: secret } })
        .then((r) => r.response);
    const grant = grantFor(made.client_id);
    const grantAws = grantFor(inAws.client_id);
    const client = new StoreReadingClient(stack.baseUrl, made.client_id, () => readFile(path, 'utf8'));
    const awsClient = new StoreReadingClient(stack.baseUrl, inAws.client_id, readAws);
    let rotated: string;
    let awsRotated: string;
    try {
      await waitFor(() => client.requests >= 10 && awsClient.requests >= 10, {
        timeoutMs: 20_000,
        intervalMs: 50,
        what: 'client requests before the rotation',
      });
      // Day 30: rotation-service restarted with its clock 30 days and an hour ahead rotates by itself.
      await stack.stopService('rotation-service');
      stack.launch('rotation-service', { TR4CTION_CLOCK_OFFSET_MS: String(30 * DAY_MS + HOUR_MS) });
      await waitFor(async () => (await readFile(path, 'utf8')) !== original && (await readAws()) !== awsOriginal, {
        timeoutMs: 60_000,
        intervalMs: 100,
        what: 'the secret file and the Secrets Manager secret to change at day 30',
      });
      rotated = await readFile(path, 'utf8');
      awsRotated = await readAws();
      const [after, awsAfter] = [client.requests, awsClient.requests];
      await waitFor(() => client.requests >= after + 10 && awsClient.requests >= awsAfter + 10, {
        timeoutMs: 20_000,
        intervalMs: 50,
        what: 'client requests after the rotation',
      });
    } finally {
      await Promise.all([client.stop(), awsClient.stop()]);
    }
    // 401 is the answer to a wrong secret; the restart may answer others while the service is away.
    for (const c of [client, awsClient]) {
      expect(c.statuses.get(401) ?? 0).toBe(0);
      expect(c.statuses.get(200)).toBeGreaterThan(0);
    }
    expect(await readFile(`${path}.previous`, 'utf8')).toBe(original);
    expect((await grant(original)).status).toBe(200);
    expect((await grant(rotated)).status).toBe(200);
    // Secrets Manager in its own terms: the new value is AWSCURRENT, the old one AWSPREVIOUS, nothing pending.
    expect(await awsStage('AWSCURRENT')).toBe(awsRotated);
    expect(await awsStage('AWSPREVIOUS')).toBe(awsOriginal);
    await expect(awsStage('AWSPENDING')).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    expect((await grantAws(awsOriginal)).status).toBe(200);
    expect((await grantAws(awsRotated)).status).toBe(200);

    const status = await cli(['--json', 'secrets', 'status']);
    expect(status.code).toBe(0);
    const rows = status.json<{ ok: boolean; items: CredentialStatus[] }>().items;
    expect(rows.find((r) => r.credential === 'service_account_secret' && r.id === made.client_id)).toMatchObject({
      store: 'file',
      name: FILE,
      last_result: 'ok',
    });
    expect(rows.find((r) => r.credential === 'service_account_secret' && r.id === inAws.client_id)).toMatchObject({
      store: 'aws-secrets-manager',
      name: AWS_SECRET,
      last_result: 'ok',
    });
    expect(rows.map((r) => r.credential)).toEqual(expect.arrayContaining(['signing_key', 'master_key', 'checkpoint_key', 'db_password']));
    expect(status.stdout).not.toContain(rotated);
    expect(status.stdout).not.toContain(awsRotated);

    // The operator rotates it again now: through the same steps, the file changes, nothing is printed.
    const again = await cli(['--json', 'secrets', 'rotate', 'service-account', made.client_id]);
    expect(again.code).toBe(0);
    expect(again.json<{ status: string; store: string }>()).toMatchObject({ status: 'rotated', store: 'file' });
    const third = await readFile(path, 'utf8');
    expect(third).not.toBe(rotated);
    expect(again.stdout).not.toContain(third);
    expect((await grant(third)).status).toBe(200);

    // Past the overlap (SERVICE_ACCOUNT_GRACE_HOURS, 24 h): the first secret is refused, the current one works.
    await stack.stopService('rotation-service');
    stack.launch('rotation-service', { TR4CTION_CLOCK_OFFSET_MS: String(30 * DAY_MS + HOUR_MS + 25 * HOUR_MS) });
    await waitFor(async () => (await grant(third)).status === 200, { timeoutMs: 60_000, intervalMs: 200, what: 'rotation-service back' });
    expect((await grant(original)).status).toBe(401);
    // The Secrets Manager account was rotated once: its AWSPREVIOUS secret worked through the overlap and stops after it.
    expect(await awsStage('AWSPREVIOUS')).toBe(awsOriginal);
    expect((await grantAws(awsOriginal)).status).toBe(401);
    expect((await grantAws(await readAws())).status).toBe(200);
  }, 240_000);
});
