// Runs the longest e2e suites first. With two workers the run ends when its longest suite ends:
// a three-minute suite started last would leave one worker idle for its whole length. Jest's own
// order uses timings cached from earlier runs, which a clean clone (CI) does not have.
'use strict';

const Sequencer = require('@jest/test-sequencer').default;

/** Suites measured at a minute or more on a two-core machine, longest first. */
const LONGEST_FIRST = [
  'oversized-body',
  'cluster',
  'durability',
  'identity-lockout',
  'edge-abuse',
  'identity-rate-limit',
  'identity-policy',
  'master-key-rotation',
  'console-admin',
  'audit-trail',
  'cli-doctor',
];

function rank(path) {
  const i = LONGEST_FIRST.findIndex((name) => path.endsWith(`/${name}.e2e-spec.ts`));
  return i < 0 ? LONGEST_FIRST.length : i;
}

class LongestFirstSequencer extends Sequencer {
  sort(tests) {
    // Jest's order (by cached duration, else file size) among the rest.
    const base = super.sort(tests);
    const position = new Map(base.map((t, i) => [t.path, i]));
    return [...base].sort((a, b) => rank(a.path) - rank(b.path) || position.get(a.path) - position.get(b.path));
  }
}

module.exports = LongestFirstSequencer;
