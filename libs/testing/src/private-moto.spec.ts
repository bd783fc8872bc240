/**
 * PrivateMoto's start-up failures: no moto installed gives the install hint at once, and a server
 * that dies before answering fails the start at once (not at the deadline). The running server
 * itself is exercised by the AWS integration specs in libs/secrets.
 */
import { findMotoServer, PrivateMoto } from './private-moto';

describe(PrivateMoto.name, () => {
  const saved = { PATH: process.env.PATH, MOTO_SERVER_BIN: process.env.MOTO_SERVER_BIN };

  afterEach(() => {
    process.env.PATH = saved.PATH;
    if (saved.MOTO_SERVER_BIN === undefined) delete process.env.MOTO_SERVER_BIN;
    else process.env.MOTO_SERVER_BIN = saved.MOTO_SERVER_BIN;
  });

  it('says how to install moto when moto_server is nowhere on PATH', async () => {
    delete process.env.MOTO_SERVER_BIN;
    process.env.PATH = '/nonexistent-dir';
    expect(findMotoServer()).toBeUndefined();
    await expect(PrivateMoto.start()).rejects.toThrow(/moto is not installed: install it with `python3 -m pip install 'moto\[server\]'`/);
  });

  it('fails the start at once when the server exits before answering', async () => {
    process.env.MOTO_SERVER_BIN = '/bin/false';
    const started = Date.now();
    await expect(PrivateMoto.start({ timeoutMs: 20_000 })).rejects.toThrow(/moto_server exited \(1\) before answering/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
