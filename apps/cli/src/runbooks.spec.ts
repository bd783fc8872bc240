/**
 * The runbooks in docs/runbooks are made of `npx tr4ction ...` steps: each step must name a command
 * this CLI has, and no step may be left as a placeholder for later work.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { PassThrough } from 'node:stream';
import { createProgram } from './program';

const DOCS = join(__dirname, '..', '..', '..', 'docs', 'runbooks');
const GLOBAL_WITH_VALUE = new Set(['--operator', '--env-file']);

function commandPaths(command: Command, prefix: string[] = []): string[] {
  return command.commands.flatMap((c) => [[...prefix, c.name()].join(' '), ...commandPaths(c, [...prefix, c.name()])]);
}

/** The command words of one `npx tr4ction ...` invocation, global options skipped. */
function commandOf(invocation: string): string {
  const words = invocation.trim().split(/\s+/);
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (GLOBAL_WITH_VALUE.has(w)) i++;
    else if (w.startsWith('-') || w.startsWith('<') || w.startsWith('"') || w.startsWith('/') || w.includes('.')) break;
    else out.push(w);
  }
  return out.join(' ');
}

describe('docs/runbooks', () => {
  const io = { stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough(), env: {}, cwd: process.cwd() };
  const known = new Set(commandPaths(createProgram({ io, exitCode: 0 })));
  const files = readdirSync(DOCS).filter((f) => f.endsWith('.md'));

  it('has the four runbooks the issue asks for', () => {
    expect(files).toEqual(
      expect.arrayContaining(['monthly-rotation.md', 'emergency-revocation.md', 'lost-admin-password.md', 'going-to-production.md', 'lost-mfa-device.md']),
    );
  });

  it.each(files)('%s: every step is a tr4ction command that exists', (file) => {
    const text = readFileSync(join(DOCS, file), 'utf8');
    const invocations = [...text.matchAll(/npx tr4ction ([^\n|`]*)/g)].map((m) => commandOf(m[1])).filter(Boolean);
    expect(invocations.length).toBeGreaterThan(2);
    for (const command of invocations) expect({ command, known: known.has(command) }).toEqual({ command, known: true });
  });

  it.each(files)('%s: no step is a placeholder for a command still to come', (file) => {
    const text = readFileSync(join(DOCS, file), 'utf8');
    expect(text).not.toMatch(/arrives with|until then|not (yet )?wired|not in this release/i);
  });

  it('the recovery and rotation procedures are commands of the CLI', () => {
    const text = files.map((f) => readFileSync(join(DOCS, f), 'utf8')).join('\n');
    for (const command of ['admin reset-password', 'admin reset-mfa', 'tokens revoke-all', 'secrets rotate signing-key', 'secrets rotate service-account']) {
      expect(known.has(command)).toBe(true);
      expect(text).toContain(`${command} `);
    }
  });
});
