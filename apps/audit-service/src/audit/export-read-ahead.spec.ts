import { ExportReadAhead } from './export-read-ahead';

describe(ExportReadAhead.name, () => {
  let now = 0;
  const clock = () => now;
  const made = (value: string) => jest.fn(() => Promise.resolve(value));

  beforeEach(() => {
    now = 1_000;
  });

  it('hands out the page made ahead once, and makes it at the request otherwise', async () => {
    const ahead = new ExportReadAhead<string>(4, 30_000, clock);
    ahead.start('p2', () => Promise.resolve('page 2 made ahead'));
    const atRequest = made('page 2 made at the request');
    await expect(ahead.take('p2', atRequest)).resolves.toBe('page 2 made ahead');
    expect(atRequest).not.toHaveBeenCalled();
    await expect(ahead.take('p2', atRequest)).resolves.toBe('page 2 made at the request');
    await expect(ahead.take('p3', made('page 3'))).resolves.toBe('page 3');
  });

  it('makes the page again when the one made ahead failed or is too old', async () => {
    const ahead = new ExportReadAhead<string>(4, 30_000, clock);
    ahead.start('p2', () => Promise.reject(new Error('connection lost')));
    await expect(ahead.take('p2', made('page 2 again'))).resolves.toBe('page 2 again');
    ahead.start('p3', () => Promise.resolve('stale'));
    now += 30_000;
    await expect(ahead.take('p3', made('page 3 fresh'))).resolves.toBe('page 3 fresh');
  });

  it('keeps at most `capacity` pages, dropping the oldest', async () => {
    const ahead = new ExportReadAhead<string>(2, 30_000, clock);
    for (const key of ['a', 'b', 'c']) ahead.start(key, () => Promise.resolve(`${key} ahead`));
    await expect(ahead.take('a', made('a again'))).resolves.toBe('a again');
    await expect(ahead.take('b', made('b again'))).resolves.toBe('b ahead');
    await expect(ahead.take('c', made('c again'))).resolves.toBe('c ahead');
  });
});
