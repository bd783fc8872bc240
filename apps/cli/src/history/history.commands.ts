/**
 * `tr4ction history user --email E` and `tr4ction as-of <time> users [--role R] [--status S]`: the
 * compliance questions ("everything that happened to this account", "who was an admin then"),
 * answered by audit-service from the audit trail with evidence (audit seq and event id), and
 * recorded there as HistoryQueried with actor `{type: 'cli', id: <operator>}`.
 */
import { Argument, Option, type Command } from 'commander';
import { RPC, ROLES, type AsOfUsersRequest, type UserAsOf } from '@tr4ction/contracts';
import type { CliContext } from '../framework/cli-context';
import { commandAction, type RunState } from '../framework/command-action';
import type { CommandResult } from '../framework/command-result';
import { isoTimestamp, matching } from '../framework/option-parsers';
import { historyTable, usersTable } from './history-format';

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}$/;
/** Pages are followed to the end; this many items a page (audit-service's maximum for each read). */
const USERS_PAGE = 200;
const HISTORY_PAGE = 1000;

interface HistoryOptions {
  email: string;
}

interface AsOfOptions {
  role?: string;
  status?: string;
}

export function registerHistoryCommands(program: Command, state: RunState): void {
  const history = program.command('history').description('what happened to an account, oldest first, from the audit trail');
  history
    .command('user')
    .description('every audit record about the account (also a deleted one), oldest first, with what each changed')
    .requiredOption('--email <email>', 'the account (the newest one that ever held this address)', matching(EMAIL, 'an email address'))
    .addHelpText(
      'after',
      [
        '',
        'Each line names its audit seq and event id: check them with `tr4ction audit export`.',
        '',
        'Example:',
        '  npx tr4ction history user --email ada@example.com --json',
      ].join('\n'),
    )
    .action(commandAction<HistoryOptions>(state, ({ ctx, opts }) => userHistory(ctx, opts), { traced: true }));

  program
    .command('as-of')
    .description('state at an instant, from the audit trail: the users that existed then, with their roles and status then')
    .addArgument(new Argument('<time>', 'the instant (ISO 8601 / RFC 3339, e.g. 2026-03-03T12:00:00Z)').argParser(isoTimestamp))
    .addArgument(new Argument('<what>', 'what to list').choices(['users']))
    .addOption(new Option('--role <role>', 'only users holding this role then').choices([...ROLES]))
    .addOption(new Option('--status <status>', 'only users active or locked then').choices(['active', 'locked']))
    .addHelpText('after', ['', 'Example (who was an admin on 3 March):', '  npx tr4ction as-of 2026-03-03T12:00:00Z users --role admin'].join('\n'))
    .action(commandAction<AsOfOptions>(state, ({ ctx, opts, args }) => usersAsOf(ctx, String(args[0]), opts), { traced: true }));
}

async function userHistory(ctx: CliContext, opts: HistoryOptions): Promise<CommandResult> {
  const rpc = await ctx.rpc();
  let page = await rpc.send(RPC.audit.asOf.userHistory, ctx.meta(), { email: opts.email, limit: HISTORY_PAGE });
  const items = [...page.items];
  while (page.next_cursor) {
    page = await rpc.send(RPC.audit.asOf.userHistory, ctx.meta(), { user_id: page.user_id, cursor: page.next_cursor, limit: HISTORY_PAGE });
    items.push(...page.items);
  }
  return {
    json: { user_id: page.user_id, email: opts.email, items },
    human: [`history of ${opts.email} (user ${page.user_id}): ${items.length} records, oldest first`, ...historyTable(items)],
  };
}

async function usersAsOf(ctx: CliContext, asOf: string, opts: AsOfOptions): Promise<CommandResult> {
  const rpc = await ctx.rpc();
  const items: UserAsOf[] = [];
  let cursor: string | undefined;
  do {
    const request: AsOfUsersRequest = {
      as_of: asOf,
      limit: USERS_PAGE,
      ...(opts.role ? { role: opts.role } : {}),
      ...(opts.status ? { status: opts.status } : {}),
      ...(cursor ? { cursor } : {}),
    };
    const page = await rpc.send(RPC.audit.asOf.users, ctx.meta(), request);
    items.push(...page.items);
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  const filters = [opts.role ? `role ${opts.role}` : '', opts.status ? `status ${opts.status}` : ''].filter(Boolean).join(', ');
  return { json: { as_of: asOf, items }, human: [`users as of ${asOf}${filters ? ` (${filters})` : ''}: ${items.length}`, ...usersTable(items)] };
}
