import { RPC } from '@tr4ction/contracts';
import { fail, pass, type DoctorCheck } from '../doctor-check';

/** The runbook's admin123 / demo123 accounts, tested by user-service (their owner) as its production guard tests them. */
export const defaultAccountsCheck: DoctorCheck = {
  id: 'default-accounts',
  title: 'default accounts (admin@tr4ction.com, demo@tr4ction.com) no longer accept their default passwords',
  async run(ctx) {
    const rpc = await ctx.rpc();
    const { still_default: stillDefault } = await rpc.send(RPC.user.defaultAccounts, ctx.meta(), {});
    if (!stillDefault.length) return pass('no account accepts a default password');
    return fail(
      `${stillDefault.join(', ')} still accept${stillDefault.length === 1 ? 's' : ''} the default password`,
      'sign in as each and change the password now (POST /auth/change-password; the first login forces it)',
    );
  },
};
