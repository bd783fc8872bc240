/**
 * The state-changing and audit commands of `tr4ction` against the running stack, each leaving its
 * audit record with actor `{type: 'cli', id: <operator>}`: a backup taken, restored into a scratch
 * database that holds the same users and the same verified audit chain; verification (through
 * audit-service and offline, intact and tampered); exports; and what happens when the bus is down.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { hashRecord, type AuditRecord } from '@tr4ction/audit-chain';
import { dropTestDatabase, freePort, ServiceStack, waitFor, withDatabase } from '@tr4ction/testing';
import { apiClient } from '../support/api-client';
import { runCli, stackEnv } from '../support/cli';

const OPERATOR = 'e2e-operator';

interface AuditRow {
  seq: string;
  event_id: string;
  type: string;
  actor: { type: string; id: string };
  subject: { type: string; id: string };
  source: { service: string; user_agent?: string };
  trace_id: string | null;
  data: Record<string, unknown>;
  hash: string;
}

describe('tr4ction db and audit commands (e2e, running stack)', () => {
  let stack: ServiceStack;
  let db: Client;
  const outDir = mkdtempSync(join(tmpdir(), 'tr4ction-backups-'));
  const scratchName = `tr4ction_e2e_restore_${randomBytes(4).toString('hex')}`;
  let scratchUrl: string;
  let scratch: Client | undefined;
  let backup: { file: string; file_name: string; database: string; size_bytes: number; sha256: string; event_id: string; trace_id: string };

  const cli = (args: string[], extra: Record<string, string> = {}) => runCli(['--operator', OPERATOR, ...args], { env: stackEnv(stack, extra) });
  const auditRecord = (eventId: string) =>
    waitFor(async () => (await db.query<AuditRow>('SELECT * FROM audit.audit_log_v1 WHERE event_id = $1', [eventId])).rows[0], {
      timeoutMs: 15_000,
      what: `the audit record of event ${eventId}`,
    });

  beforeAll(async () => {
    stack = await ServiceStack.start();
    db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
    scratchUrl = withDatabase(stack.databaseUrl, scratchName);
    for (const n of [1, 2]) {
      const res = await apiClient(stack.baseUrl).POST('/auth/register', {
        body: { email: `ops-${n}-${Date.now()}@example.com`, password: 'Tidal-Orchid-4821!' },
      });
      expect(res.response.status).toBe(201);
    }
    // The registrations are in the audit log before the backup is taken.
    await waitFor(async () => Number((await db.query("SELECT count(*) AS n FROM audit.audit_log_v1 WHERE type = 'UserRegistered'")).rows[0].n) === 2, {
      what: 'the registrations in the audit log',
    });
  });

  afterAll(async () => {
    await scratch?.end().catch(() => undefined);
    await db?.end().catch(() => undefined);
    await dropTestDatabase(scratchUrl).catch(() => undefined);
    await stack?.stop();
    rmSync(outDir, { recursive: true, force: true });
  });

  it('db backup: writes an owner-only dump and its checksum, and records DatabaseBackupCompleted as the cli operator', async () => {
    const res = await cli(['--json', 'db', 'backup', '--out', outDir]);
    expect(res.code).toBe(0);
    backup = res.json();
    expect(backup.file_name).toMatch(/^tr4ction-tr4ction_e2e_[a-z0-9_]+-\d{8}T\d{6}Z\.dump$/);
    expect(statSync(backup.file).mode & 0o777).toBe(0o600);
    expect(statSync(backup.file).size).toBe(backup.size_bytes);
    expect(readFileSync(`${backup.file}.sha256`, 'utf8')).toBe(`${backup.sha256}  ${backup.file_name}\n`);
    expect(readdirPartial(outDir)).toEqual([]);

    const record = await auditRecord(backup.event_id);
    expect(record.type).toBe('DatabaseBackupCompleted');
    expect(record.actor).toEqual({ type: 'cli', id: OPERATOR });
    expect(record.subject).toEqual({ type: 'database', id: backup.database });
    expect(record.data).toEqual({ size_bytes: backup.size_bytes, sha256: backup.sha256, file_name: backup.file_name });
    expect(record.source.service).toBe('audit-service');
    expect(record.source.user_agent).toMatch(/^tr4ction\/\d+\.\d+\.\d+ \(/);
    expect(record.trace_id).toBe(backup.trace_id);
  });

  it('db restore: the scratch database holds the same users and the same verified audit chain, and DatabaseRestored is recorded', async () => {
    const res = await cli(['--json', 'db', 'restore', backup.file, '--target-database', scratchName, '--create-database', '--sha256', backup.sha256]);
    expect(res.code).toBe(0);
    const out = res.json<{
      ok: boolean;
      created: boolean;
      checksum_file: string;
      users: number;
      audit: { ok: boolean; checked: number; head: { seq: number; hash: string } };
      event_id: string;
    }>();
    expect(out).toMatchObject({ ok: true, created: true, checksum_file: 'matched' });

    scratch = new Client({ connectionString: scratchUrl });
    await scratch.connect();
    const users = 'SELECT id, email, roles FROM users.users_v1 ORDER BY id';
    const liveUsers = (await db.query(users)).rows;
    expect(liveUsers.length).toBeGreaterThanOrEqual(4); // two seeded, two registered
    expect((await scratch.query(users)).rows).toEqual(liveUsers);
    expect(out.users).toBe(liveUsers.length);

    expect(out.audit.ok).toBe(true);
    const chain = 'SELECT seq, hash FROM audit.audit_log_v1 WHERE seq <= $1 ORDER BY seq';
    const restoredChain = (await scratch.query(chain, [out.audit.head.seq])).rows;
    expect(restoredChain).toHaveLength(out.audit.checked);
    expect((await db.query(chain, [out.audit.head.seq])).rows).toEqual(restoredChain);
    // The live log went on after the snapshot (the backup's own record at least): the copy is a prefix.
    expect(Number((await db.query('SELECT max(seq) AS m FROM audit.audit_log_v1')).rows[0].m)).toBeGreaterThan(out.audit.head.seq);

    const record = await auditRecord(out.event_id);
    expect(record).toMatchObject({ type: 'DatabaseRestored', actor: { type: 'cli', id: OPERATOR }, subject: { type: 'database', id: scratchName } });
    expect(record.data).toEqual({ sha256: backup.sha256, file_name: backup.file_name, target_database: scratchName });
  });

  it('db restore: refuses a database that is not empty (77) and a dump that is not the recorded one (65)', async () => {
    const again = await cli(['db', 'restore', backup.file, '--target-database', scratchName]);
    expect(again.code).toBe(77);
    expect(again.stderr).toContain('is not empty');
    const wrong = await cli(['db', 'restore', backup.file, '--target-database', `${scratchName}_x`, '--create-database', '--sha256', 'f'.repeat(64)]);
    expect(wrong.code).toBe(65);
    expect(wrong.stderr).toContain('does not match the expected sha256');
    const missing = await cli(['db', 'restore', join(outDir, 'nope.dump'), '--target-database', `${scratchName}_x`]);
    expect(missing.code).toBe(74);
  });

  it('audit verify: through audit-service, audited as a read by the operator', async () => {
    const res = await cli(['--json', 'audit', 'verify']);
    expect(res.code).toBe(0);
    const out = res.json<{ ok: boolean; checked: number; trace_id: string }>();
    expect(out.ok).toBe(true);
    expect(out.checked).toBeGreaterThan(5);
    const read = await waitFor(
      async () => (await db.query<AuditRow>("SELECT * FROM audit.audit_log_v1 WHERE type = 'AuditLogQueried' AND trace_id = $1", [out.trace_id])).rows[0],
      { what: 'the AuditLogQueried record of the verification' },
    );
    expect(read.actor).toEqual({ type: 'cli', id: OPERATOR });
    expect(read.data).toMatchObject({ endpoint: '/audit/verify' });
    const human = await cli(['audit', 'verify']);
    expect(human.stdout).toMatch(/^audit chain verifies: \d+ records, head seq \d+ [0-9a-f]{64} \(audit-service\)\n$/);
  });

  it('audit verify --database: reads a restored copy directly, and exits 1 when a record was changed', async () => {
    const intact = await cli(['audit', 'verify', '--database', scratchName]);
    expect(intact.code).toBe(0);
    expect(intact.stdout).toContain(`(database ${scratchName}, read directly)`);

    const copy = scratch as Client;
    await copy.query('ALTER TABLE audit.audit_log_v1 DISABLE TRIGGER audit_log_v1_no_update_delete');
    await copy.query(`UPDATE audit.audit_log_v1 SET data = '{"forged": true}'::jsonb WHERE seq = 2`);
    const tampered = await cli(['--json', 'audit', 'verify', '--database', scratchName]);
    expect(tampered.code).toBe(1);
    expect(tampered.json()).toMatchObject({ ok: false, first_bad_seq: 2, reason: 'hash_mismatch', checked: 1 });
    const human = await cli(['audit', 'verify', '--database', scratchName]);
    expect(human.stdout).toContain('AUDIT CHAIN BROKEN at seq 2: hash_mismatch');
  });

  it('audit export: every matching record, paged with the keyset cursor, exact in NDJSON and flat in CSV', async () => {
    const expected = (
      await db.query<AuditRow>("SELECT seq FROM audit.audit_log_v1 WHERE type = 'UserCreated' OR type = 'UserRegistered' ORDER BY seq DESC")
    ).rows.map((r) => Number(r.seq));
    const file = join(outDir, 'users.ndjson');
    const nd = await cli(['--json', 'audit', 'export', '--format', 'ndjson', '--type', 'UserRegistered', '--page-size', '1', '--out', file]);
    expect(nd.code).toBe(0);
    // Two pages of one: the service looks one record ahead, so the second page says there is no third.
    expect(nd.json()).toMatchObject({ ok: true, records: 2, pages: 2, file });
    const records = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as AuditRecord);
    expect(records.map((r) => r.type)).toEqual(['UserRegistered', 'UserRegistered']);
    expect(records[0].seq).toBeGreaterThan(records[1].seq);
    // Exact records: each still hashes to its stored hash.
    for (const { hash, ...rest } of records) expect(hashRecord(rest)).toBe(hash);
    // Each page read is audited, as the operator, under the export's trace.
    const reads = await waitFor(
      async () => {
        const rows = (
          await db.query<AuditRow>("SELECT * FROM audit.audit_log_v1 WHERE type = 'AuditLogQueried' AND trace_id = $1 ORDER BY seq", [
            nd.json<{ trace_id: string }>().trace_id,
          ])
        ).rows;
        return rows.length === 2 && rows;
      },
      { what: 'the AuditLogQueried records of the export' },
    );
    expect(reads.map((r) => r.actor)).toEqual([
      { type: 'cli', id: OPERATOR },
      { type: 'cli', id: OPERATOR },
    ]);
    expect(reads[0].data).toEqual({ endpoint: '/audit/events', filters: { type: 'UserRegistered', limit: '1' } });

    const csv = await cli(['audit', 'export', '--format', 'csv', '--type', 'UserCreated', '--page-size', '1']);
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trim().split('\r\n');
    expect(lines[0]).toBe(
      'seq,event_id,type,occurred_at,recorded_at,actor_type,actor_id,subject_type,subject_id,outcome,source_service,source_ip,source_user_agent,trace_id,data,prev_hash,hash',
    );
    expect(lines.slice(1).map((l) => Number(l.split(',')[0]))).toEqual(expected.filter((seq) => !records.some((r) => r.seq === seq)));
    expect(csv.stderr).toContain('exported 2 records (csv)');
  });

  it('fails fast with exit 69 when NATS is down, and a backup says where its unrecorded file is', async () => {
    const deadNats = `nats://127.0.0.1:${await freePort()}`;
    const started = Date.now();
    const verify = await cli(['audit', 'verify'], { NATS_URL: deadNats });
    expect(verify.code).toBe(69);
    expect(verify.stderr).toContain('cannot reach NATS');
    expect(Date.now() - started).toBeLessThan(15_000);

    const unrecorded = await cli(['--json', 'db', 'backup', '--out', outDir], { NATS_URL: deadNats });
    expect(unrecorded.code).toBe(69);
    const error = unrecorded.json<{ error: { message: string } }>().error;
    expect(error.message).toMatch(/the backup was written to .+\.dump \(sha256 [0-9a-f]{64}\), but it could not be recorded/);
    const written = /written to (\S+\.dump)/.exec(error.message)?.[1] as string;
    expect(existsSync(written)).toBe(true);
  });
});

function readdirPartial(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.partial'));
}
