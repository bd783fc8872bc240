/**
 * `tr4ction tokens revoke-all`: the emergency switch, through auth-service (`AllTokensRevoked`).
 * Every access and refresh token issued before now is rejected; new logins work. The command
 * returns once the event is on the bus, i.e. once every gateway replica has applied the cutoff.
 */
import type { Command } from 'commander';
import { RPC } from '@tr4ction/contracts';
import { watchOwnEvents } from '../framework/bus-events';
import type { CliContext } from '../framework/cli-context';
import { commandAction, type RunState } from '../framework/command-action';
import type { CommandResult } from '../framework/command-result';
import { EXIT } from '../framework/exit-codes';
import { reasonText } from '../framework/option-parsers';

interface RevokeAllOptions {
  reason: string;
}

export function registerTokensCommands(program: Command, state: RunState): void {
  const tokens = program.command('tokens').description('emergency revocation of access and refresh tokens');

  tokens
    .command('revoke-all')
    .description('reject every access and refresh token issued until now, on every gateway at once; new logins keep working')
    .requiredOption('--reason <text>', 'why (incident number and cause): kept in the AllTokensRevoked audit record', reasonText)
    .addHelpText(
      'after',
      [
        '',
        'Everybody signs in again, services included (client_credentials tokens too). The cutoff is kept by',
        'auth-service, so a gateway restarted later still rejects the old tokens. Exit 0 once the',
        'AllTokensRevoked event is on the bus (every gateway applies it from there); 69 if it was not seen',
        'within 20 s (the cutoff is stored: gateways apply it at their next resync, TOKEN_STATE_RESYNC_MS).',
        '',
        'Example: npx tr4ction --operator alice tokens revoke-all --reason "INC-1234: signing secret in a public repository"',
      ].join('\n'),
    )
    .action(commandAction<RevokeAllOptions>(state, ({ ctx, opts }) => revokeAll(ctx, opts.reason), { traced: true }));
}

async function revokeAll(ctx: CliContext, reason: string): Promise<CommandResult> {
  const rpc = await ctx.rpc();
  const bus = await watchOwnEvents(ctx, ['AllTokensRevoked']);
  const result = await rpc.send(RPC.auth.revokeAll, ctx.meta(), { reason });
  const events = await bus.seen();
  return {
    json: { ok: events !== undefined, not_before: result.not_before, reason, propagated: events !== undefined, event_id: events?.[0].id ?? null },
    human: [
      `every token issued before ${result.not_before} is revoked; new logins work`,
      events
        ? `recorded:   AllTokensRevoked ${events[0].id}${ctx.traceId ? ` (trace ${ctx.traceId})` : ''}; every gateway has it`
        : 'stored by auth-service, but AllTokensRevoked was not seen on the bus within 20 s: gateways apply it at their next resync (TOKEN_STATE_RESYNC_MS); check NATS and the services’ logs',
    ],
    exitCode: events ? EXIT.OK : EXIT.UNAVAILABLE,
  };
}
