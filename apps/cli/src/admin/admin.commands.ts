/**
 * `tr4ction admin reset-password`: the lost-admin-password procedure, through user-service (the
 * admin reset RPC, by email) and auth-service (the account's tokens revoked), so it is evented
 * (`PasswordResetByAdmin`, `AccountUnlocked` when it was locked, `TokenRevoked`) and audited with
 * actor `{type: 'cli', id: <operator>}`. Replaces hashing a password by hand into the database.
 * `tr4ction admin reset-mfa`: the lost-device procedure, the same way (`MfaReset`, `TokenRevoked`).
 */
import type { Command } from 'commander';
import { RPC, type MfaResetDone } from '@tr4ction/contracts';
import { watchOwnEvents } from '../framework/bus-events';
import type { CliContext } from '../framework/cli-context';
import { CliError } from '../framework/cli-error';
import { commandAction, type RunState } from '../framework/command-action';
import type { CommandResult } from '../framework/command-result';
import { toCliError } from '../framework/error-mapping';
import { EXIT } from '../framework/exit-codes';
import { matching } from '../framework/option-parsers';
import { readStdinSecret } from '../framework/stdin-secret';

interface ResetOptions {
  email: string;
  passwordStdin?: boolean;
}

/** user-service's answer (RPC.user.resetPassword); the password is present only when it generated one. */
interface PasswordReset {
  user_id: string;
  email: string;
  temporary_password?: string;
  unlocked: boolean;
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}$/;

export function registerAdminCommands(program: Command, state: RunState): void {
  const admin = program.command('admin').description('account recovery for operators (lost admin password, lost second-factor device)');

  admin
    .command('reset-password')
    .description('set a temporary password that must be changed at the next sign-in, lift a lockout, end the account’s sessions; prints the password once')
    .requiredOption('--email <email>', 'the account to recover', matching(EMAIL, 'an email address'))
    .option('--password-stdin', 'read the temporary password from stdin (one line; it must meet the password policy) instead of generating one')
    .addHelpText(
      'after',
      [
        '',
        'What it does, in order:',
        '  1. user-service sets the temporary password (generated to the password policy, or read from stdin),',
        '     marks it "must change at next sign-in", and unlocks the account if it was locked',
        '     (events PasswordResetByAdmin, AccountUnlocked);',
        '  2. auth-service revokes every token of the account (TokenRevoked): whoever held a session is out.',
        'The generated password is printed once (and in --json) and stored nowhere else: hand it over in person',
        'or through the secrets manager. Unknown email: exit 1, nothing changed.',
        '',
        'Examples:',
        '  npx tr4ction --operator alice admin reset-password --email admin@tr4ction.com',
        '  pass show tr4ction/admin-temp | npx tr4ction admin reset-password --email admin@tr4ction.com --password-stdin',
      ].join('\n'),
    )
    .action(commandAction<ResetOptions>(state, ({ ctx, opts }) => resetPassword(ctx, opts), { traced: true }));

  admin
    .command('reset-mfa')
    .description('lost device: remove every second factor and recovery code of the account and end its sessions')
    .requiredOption('--email <email>', 'the account to recover', matching(EMAIL, 'an email address'))
    .addHelpText(
      'after',
      [
        '',
        'What it does, in order:',
        '  1. user-service removes every second factor (authenticator apps, passkeys) and recovery code of the account (event MfaReset);',
        '  2. auth-service revokes every token of the account (TokenRevoked): whoever holds a session is out.',
        'The user then signs in with the password alone and enrols a new factor (at once, when one of their',
        'roles is in mfa_required_roles). Verify who is asking before you run it. Unknown email: exit 1, nothing changed.',
        '',
        'Example:',
        '  npx tr4ction --operator alice admin reset-mfa --email ada@example.com',
      ].join('\n'),
    )
    .action(commandAction<{ email: string }>(state, ({ ctx, opts }) => resetMfa(ctx, opts.email), { traced: true }));
}

async function resetMfa(ctx: CliContext, email: string): Promise<CommandResult> {
  const rpc = await ctx.rpc();
  const bus = await watchOwnEvents(ctx, ['MfaReset', 'TokenRevoked']);
  let reset: MfaResetDone;
  try {
    reset = await rpc.send(RPC.user.mfa.reset, ctx.meta(), { email });
  } catch (err) {
    const e = toCliError(err);
    if (e.code === 'NOT_FOUND') throw new CliError(EXIT.FAILED, `no account has the email ${email}; nothing was changed`, 'check the spelling', 'NOT_FOUND');
    throw e;
  }
  let cutoff: { not_before: string };
  try {
    cutoff = await rpc.send(RPC.auth.revokeUserTokens, ctx.meta(), { user_id: reset.user_id, reason: 'second factors reset by an operator' });
  } catch (err) {
    const e = toCliError(err);
    throw new CliError(
      e.exitCode,
      `the second factors of ${reset.email} were removed, but its existing sessions could not be revoked: ${e.message}`,
      'run the same command again once the stack answers',
      e.code,
    );
  }
  const events = await bus.seen();
  return {
    json: {
      ok: events !== undefined,
      user_id: reset.user_id,
      email: reset.email,
      factors_removed: reset.factors_removed,
      tokens_revoked_before: cutoff.not_before,
      propagated: events !== undefined,
      event_ids: events?.map((e) => e.id) ?? [],
    },
    human: [
      `second factors reset: ${reset.email} (user ${reset.user_id})`,
      `  factors removed     ${reset.factors_removed} (and every recovery code)`,
      `  sessions            every earlier token of the account is revoked (not before ${cutoff.not_before})`,
      events
        ? `recorded:   MfaReset, TokenRevoked${ctx.traceId ? ` (trace ${ctx.traceId})` : ''}`
        : 'recorded, but the events were not seen on the bus yet: gateways still accepting an old token stop at their next resync (TOKEN_STATE_RESYNC_MS)',
    ],
    exitCode: events ? EXIT.OK : EXIT.UNAVAILABLE,
  };
}

async function resetPassword(ctx: CliContext, opts: ResetOptions): Promise<CommandResult> {
  const supplied = opts.passwordStdin ? await readStdinSecret(ctx.io.stdin, 'the temporary password') : undefined;
  const rpc = await ctx.rpc();
  const bus = await watchOwnEvents(ctx, ['PasswordResetByAdmin', 'TokenRevoked']);
  let reset: PasswordReset;
  try {
    reset = await rpc.send(RPC.user.resetPassword, ctx.meta(), { email: opts.email, ...(supplied !== undefined ? { password: supplied } : {}) });
  } catch (err) {
    const e = toCliError(err);
    if (e.code === 'NOT_FOUND')
      throw new CliError(
        EXIT.FAILED,
        `no account has the email ${opts.email}; nothing was changed`,
        'check the spelling; `npx tr4ction audit export --format csv --type UserCreated` lists the accounts created so far',
        'NOT_FOUND',
      );
    if (e.code === 'PASSWORD_POLICY')
      throw new CliError(
        EXIT.DATA_ERROR,
        `the password from stdin was refused, nothing was changed: ${e.message}`,
        'leave out --password-stdin to have a compliant one generated',
        e.code,
      );
    throw e;
  }
  // The password is set; the sessions must end too. If this step fails, say exactly what is left to do.
  let cutoff: { not_before: string };
  try {
    cutoff = await rpc.send(RPC.auth.revokeUserTokens, ctx.meta(), {
      user_id: reset.user_id,
      reason: 'password reset by an operator',
      session_reason: 'password_reset',
    });
  } catch (err) {
    const e = toCliError(err);
    throw new CliError(
      e.exitCode,
      `the password of ${reset.email} was reset, but its existing sessions could not be revoked: ${e.message}`,
      'run the same command again once the stack answers (a new temporary password replaces this one)',
      e.code,
    );
  }
  const events = await bus.seen();
  const human = [
    `password reset: ${reset.email} (user ${reset.user_id})`,
    ...(reset.temporary_password
      ? [`  temporary password  ${reset.temporary_password}`, '                      shown once, stored nowhere else; it must be changed at the next sign-in']
      : ['  temporary password  the one read from stdin; it must be changed at the next sign-in']),
    `  lockout             ${reset.unlocked ? 'lifted (the account was locked)' : 'none'}`,
    `  sessions            every earlier token of the account is revoked (not before ${cutoff.not_before})`,
    events
      ? `recorded:   PasswordResetByAdmin, TokenRevoked${ctx.traceId ? ` (trace ${ctx.traceId})` : ''}`
      : 'recorded, but the events were not seen on the bus yet: gateways still accepting an old token stop at their next resync (TOKEN_STATE_RESYNC_MS)',
  ];
  return {
    json: {
      ok: events !== undefined,
      user_id: reset.user_id,
      email: reset.email,
      ...(reset.temporary_password ? { temporary_password: reset.temporary_password } : {}),
      password_source: reset.temporary_password ? 'generated' : 'stdin',
      must_change_password: true,
      unlocked: reset.unlocked,
      tokens_revoked_before: cutoff.not_before,
      propagated: events !== undefined,
      event_ids: events?.map((e) => e.id) ?? [],
    },
    human,
    exitCode: events ? EXIT.OK : EXIT.UNAVAILABLE,
  };
}
