/**
 * Scans every commit reachable from any ref (branches, tags, stash): the lines each commit added.
 * Streams `git log -p`, so memory holds one file's findings at a time whatever the history's size.
 */
import type { Finding } from './finding.types';
import { COMMIT_MARKER, GitDiffParser } from './git-diff.parser';
import { gitLines } from './git-runner';
import { pathMatcher } from './path-glob';
import { FileScanner } from './text-scanner';

export interface HistoryScanResult {
  findings: Finding[];
  scannedCommits: number;
}

export async function scanHistory(root: string, options: { exclude?: readonly string[] } = {}): Promise<HistoryScanResult> {
  const excluded = pathMatcher(options.exclude ?? []);
  const findings: Finding[] = [];
  let current: FileScanner | undefined;
  const parser = new GitDiffParser(
    ({ commit, file, line, text }) => {
      if (excluded(file)) return;
      if (!current || current.file !== file || current.commit !== commit) {
        if (current) findings.push(...current.finish());
        current = new FileScanner(file, commit);
      }
      current.add(line, text);
    },
    () => {
      if (current) findings.push(...current.finish());
      current = undefined;
    },
  );
  const args = ['log', '-p', '--all', '--no-color', '--no-ext-diff', '--no-textconv', '-M', '-U0', `--format=${COMMIT_MARKER}%H`];
  for await (const line of gitLines(root, args)) parser.push(line);
  parser.end();
  if (current) findings.push(...current.finish());
  return { findings, scannedCommits: parser.commits };
}
