import { measureVerifySpeed } from './verify-speed.util';

// Set TOKENS_VERIFY_SPEED_REPORT=1 to take a real one-second-per-algorithm measurement and print
// it; by default the run is kept short so the unit suite stays fast.
const report = process.env['TOKENS_VERIFY_SPEED_REPORT'] === '1';

describe(measureVerifySpeed.name, () => {
  it(
    'reports positive rates for RS256, ES256 and EdDSA',
    async () => {
      const results = await measureVerifySpeed({ durationMs: report ? 3000 : 20, rounds: report ? 10 : 1 });

      expect(results.map((result) => result.alg)).toEqual(['RS256', 'ES256', 'EdDSA']);
      for (const result of results) {
        expect(result.verifiesPerSecond).toBeGreaterThan(0);
        expect(result.signsPerSecond).toBeGreaterThan(0);
        if (result.alg === 'EdDSA') expect(result.tokenVerifiesPerSecond).toBeUndefined();
        else expect(result.tokenVerifiesPerSecond).toBeGreaterThan(0);
      }
      if (report) console.log(JSON.stringify(results, null, 2));
    },
    30_000,
  );
});
