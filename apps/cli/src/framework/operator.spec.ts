import { CliError } from './cli-error';
import { resolveOperator } from './operator';

describe(resolveOperator.name, () => {
  const osUser = () => 'root';

  it('takes --operator first, then the person behind sudo, then the OS user', () => {
    expect(resolveOperator('alice', { SUDO_USER: 'bob' }, osUser)).toBe('alice');
    expect(resolveOperator(undefined, { SUDO_USER: 'bob' }, osUser)).toBe('bob');
    expect(resolveOperator(undefined, {}, osUser)).toBe('root');
    expect(
      resolveOperator(undefined, { USER: 'carol' }, () => {
        throw new Error('no passwd entry');
      }),
    ).toBe('carol');
    expect(
      resolveOperator(undefined, {}, () => {
        throw new Error('no passwd entry');
      }),
    ).toBe('unknown');
  });

  it('refuses an operator name that could not be an audit actor id', () => {
    expect(() => resolveOperator('two words', {}, osUser)).toThrow(CliError);
    expect(() => resolveOperator('x'.repeat(129), {}, osUser)).toThrow(CliError);
  });
});
