import { RPC, type EventDataMap } from '@tr4ction/contracts';
import { intValue } from '../env-values';
import { fail, pass, type DoctorCheck } from '../doctor-check';

const DEFAULT_MAX_AGE_HOURS = 26;

/** The newest DatabaseBackupCompleted in the audit log: a backup nobody recorded does not count. */
export const databaseBackupCheck: DoctorCheck = {
  id: 'database-backup',
  title: 'a recent database backup (recorded in the audit log)',
  async run(ctx) {
    const maxAgeHours = intValue(ctx.env.BACKUP_MAX_AGE_HOURS, DEFAULT_MAX_AGE_HOURS);
    const rpc = await ctx.rpc();
    const page = await rpc.send(RPC.audit.query, ctx.meta(), { type: 'DatabaseBackupCompleted', limit: 1 });
    const newest = page.items[0];
    if (!newest)
      return fail('no database backup has been recorded', 'run `tr4ction db backup` now and schedule it daily (docs/runbooks/going-to-production.md)');
    const data = newest.data as Partial<EventDataMap['DatabaseBackupCompleted']>;
    const ageHours = (ctx.now().getTime() - Date.parse(newest.occurred_at)) / 3_600_000;
    const what = `${data.file_name ?? 'a backup'} (${formatBytes(data.size_bytes)}, sha256 ${String(data.sha256 ?? '').slice(0, 12)}…) by ${newest.actor?.id ?? 'unknown'}`;
    if (ageHours > maxAgeHours)
      return fail(`newest backup is ${Math.round(ageHours)} h old (limit ${maxAgeHours} h): ${what}`, 'run `tr4ction db backup` and check the backup schedule');
    return pass(`newest backup ${formatAge(ageHours)} ago: ${what}`);
  },
};

function formatAge(hours: number): string {
  return hours < 1 ? `${Math.max(1, Math.round(hours * 60))} min` : `${hours.toFixed(1)} h`;
}

function formatBytes(n: number | undefined): string {
  if (typeof n !== 'number') return 'size unknown';
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
