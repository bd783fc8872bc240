/**
 * Rotations that are due, from rotation-service: service-account secrets past their rotation date
 * (SERVICE_ACCOUNT_ROTATION_DAYS after the last rotation) and an active signing key past its
 * planned rotation. Overdue fails; due within ROTATION_REMINDER_DAYS warns (the reminder window of
 * rotation-service's `RotationDue` events).
 */
import { RPC } from '@tr4ction/contracts';
import { intValue } from '../env-values';
import { fail, pass, warn, type DoctorCheck } from '../doctor-check';

const DAY_MS = 86_400_000;
const DEFAULT_REMINDER_DAYS = 7;

interface Due {
  what: string;
  dueAt: number;
  command: string;
}

export const rotationsDueCheck: DoctorCheck = {
  id: 'rotations-due',
  title: 'no service-account secret or signing key overdue for rotation',
  async run(ctx) {
    const rpc = await ctx.rpc();
    const [accounts, keys] = await Promise.all([rpc.send(RPC.rotation.listServiceAccounts, ctx.meta(), {}), rpc.send(RPC.rotation.listKeys, ctx.meta(), {})]);
    const items: Due[] = accounts.items
      .filter((a) => a.status === 'active')
      .map((a) => ({
        what: `service account ${a.client_id} (${a.name})`,
        dueAt: Date.parse(a.rotation_due_at),
        command: `tr4ction secrets rotate service-account ${a.id}`,
      }));
    const active = keys.items.find((k) => k.status === 'active' && k.rotates_at);
    if (active?.rotates_at)
      items.push({ what: `signing key ${active.kid}`, dueAt: Date.parse(active.rotates_at), command: 'tr4ction secrets rotate signing-key' });

    const now = ctx.now().getTime();
    const soonLimit = now + intValue(ctx.env.ROTATION_REMINDER_DAYS, DEFAULT_REMINDER_DAYS) * DAY_MS;
    const overdue = items.filter((i) => i.dueAt <= now).sort(byDue);
    const soon = items.filter((i) => i.dueAt > now && i.dueAt <= soonLimit).sort(byDue);
    const accountsNote = `${accounts.items.filter((a) => a.status === 'active').length} active service account(s)`;
    if (overdue.length) {
      return fail(
        `overdue: ${overdue.map((i) => `${i.what} since ${day(i.dueAt)}`).join(', ')}`,
        `run ${overdue.map((i) => `\`${i.command}\``).join(', ')} (docs/runbooks/monthly-rotation.md)`,
      );
    }
    if (soon.length)
      return warn(
        `due soon: ${soon.map((i) => `${i.what} on ${day(i.dueAt)}`).join(', ')}`,
        `rotate before then: ${soon.map((i) => `\`${i.command}\``).join(', ')}`,
      );
    const next = [...items].sort(byDue)[0];
    return pass(`nothing due (${accountsNote}${next ? `; next: ${next.what} on ${day(next.dueAt)}` : ''})`);
  },
};

function byDue(a: Due, b: Due): number {
  return a.dueAt - b.dueAt;
}

function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
