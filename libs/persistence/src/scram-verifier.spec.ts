/**
 * The verifier against RFC 7677's SCRAM-SHA-256 example exchange: a server holding only our
 * verifier must accept the RFC client's proof and answer with the RFC server signature.
 */
import { createHash, createHmac } from 'node:crypto';
import { scramSha256Verifier } from './scram-verifier';

const RFC = {
  password: 'pencil',
  salt: 'W22ZaJ0SNY7soEsUEjb6gQ==',
  authMessage:
    'n=user,r=rOprNGfwEbeRWgbNEkqO,' +
    'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,' +
    'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0',
  clientProof: 'dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=',
  serverSignature: '6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=',
};

function parse(verifier: string) {
  const m = /^SCRAM-SHA-256\$(\d+):([^$]+)\$([^:]+):(.+)$/.exec(verifier);
  if (!m) throw new Error('not a SCRAM-SHA-256 verifier');
  return { iterations: Number(m[1]), salt: m[2], storedKey: Buffer.from(m[3], 'base64'), serverKey: Buffer.from(m[4], 'base64') };
}

describe('scramSha256Verifier', () => {
  it("is what a server needs to accept RFC 7677's example login", () => {
    const v = parse(scramSha256Verifier(RFC.password, Buffer.from(RFC.salt, 'base64')));
    expect(v).toMatchObject({ iterations: 4096, salt: RFC.salt });
    const clientSignature = createHmac('sha256', v.storedKey).update(RFC.authMessage).digest();
    const proof = Buffer.from(RFC.clientProof, 'base64');
    const clientKey = Buffer.from(proof.map((b, i) => b ^ clientSignature[i]));
    expect(createHash('sha256').update(clientKey).digest().equals(v.storedKey)).toBe(true);
    expect(createHmac('sha256', v.serverKey).update(RFC.authMessage).digest('base64')).toBe(RFC.serverSignature);
  });

  it('draws a fresh salt each time and never contains the password', () => {
    const a = scramSha256Verifier('correct-horse-battery-staple');
    const b = scramSha256Verifier('correct-horse-battery-staple');
    expect(parse(a).salt).not.toBe(parse(b).salt);
    expect(a).not.toContain('correct-horse');
  });

  it('refuses what it would have to SASLprep', () => {
    expect(() => scramSha256Verifier('pässwort')).toThrow(RangeError);
    expect(() => scramSha256Verifier('')).toThrow(RangeError);
  });
});
