/** RotatingPassword's choice after a refused connection, against a fake store (a plain object). */
import { RotatingPassword, type PasswordCandidates } from './rotating-password';

describe(RotatingPassword.name, () => {
  it('uses the current value, and after a refusal the pending one the store now offers', async () => {
    const store: PasswordCandidates = { current: 'old' };
    let reads = 0;
    const password = await new RotatingPassword(async () => (reads++, { ...store })).init();
    expect(password.get()).toBe('old');

    store.pending = 'new';
    // Three connections refused at once: one store read, all switch.
    await expect(Promise.all([password.refused('old'), password.refused('old'), password.refused('old')])).resolves.toEqual([true, true, true]);
    expect(password.get()).toBe('new');
    expect(reads).toBe(2);

    // Finished: new is current; a connection still refused with it has nothing else to try.
    store.current = 'new';
    store.pending = undefined;
    await expect(password.refused('new')).resolves.toBe(false);
    expect(password.get()).toBe('new');
  });

  it('goes back to the current value when a pending one was abandoned', async () => {
    const store: PasswordCandidates = { current: 'old', pending: 'abandoned' };
    const password = await new RotatingPassword(async () => ({ ...store })).init();
    await password.refused('old');
    expect(password.get()).toBe('abandoned');
    store.pending = undefined;
    await expect(password.refused('abandoned')).resolves.toBe(true);
    expect(password.get()).toBe('old');
  });

  it('refuses to start without a value to log in with', async () => {
    await expect(new RotatingPassword(async () => ({})).init()).rejects.toThrow('no database password');
  });
});
