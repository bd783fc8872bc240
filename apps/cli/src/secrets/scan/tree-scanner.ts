/**
 * Scans the files of a tree. In a git work tree it scans what git would commit (tracked files and
 * untracked ones that are not ignored): a git-ignored `.env` is where secrets belong, not a leak.
 * `allFiles` (or a folder outside git) walks every file instead, skipping `.git` and `node_modules`.
 */
import { lstat, open, readdir } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import type { Finding } from './finding.types';
import { gitNulList, isGitWorkTree } from './git-runner';
import { pathMatcher } from './path-glob';
import { scanText } from './text-scanner';

export interface TreeScanOptions {
  allFiles?: boolean;
  exclude?: readonly string[];
  /** Larger files are skipped (and counted): secrets are pasted into config and code, not into data dumps. */
  maxFileBytes?: number;
  /** How to name the file in findings when the root is a single file (the path as the user typed it). */
  fileLabel?: string;
}

export interface TreeScanResult {
  source: 'git' | 'walk' | 'file';
  findings: Finding[];
  scannedFiles: number;
  skippedFiles: number;
}

const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;
const SKIPPED_FOLDERS = new Set(['.git', 'node_modules']);

export async function scanTree(root: string, options: TreeScanOptions = {}): Promise<TreeScanResult> {
  const excluded = pathMatcher(options.exclude ?? []);
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const rootStat = await lstat(root);
  let source: TreeScanResult['source'];
  let files: string[];
  if (rootStat.isFile()) {
    source = 'file';
    files = [''];
  } else if (!options.allFiles && (await isGitWorkTree(root))) {
    source = 'git';
    files = await gitNulList(root, ['ls-files', '-z', '--cached', '--others', '--exclude-standard']);
  } else {
    source = 'walk';
    files = await walk(root);
  }
  const result: TreeScanResult = { source, findings: [], scannedFiles: 0, skippedFiles: 0 };
  for (const file of files.sort()) {
    if (file && excluded(file)) continue;
    const content = await readText(file ? join(root, file) : root, maxBytes);
    if (content === undefined) {
      result.skippedFiles++;
      continue;
    }
    result.scannedFiles++;
    result.findings.push(...scanText(file || (options.fileLabel ?? basename(root)), content));
  }
  return result;
}

async function walk(root: string, dir = root, out: string[] = []): Promise<string[]> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name)) await walk(root, full, out);
    } else if (entry.isFile()) {
      out.push(relative(root, full).split(sep).join('/'));
    }
    // Symbolic links are not followed: they may point outside the tree, or loop.
  }
  return out;
}

/** The file as text, or undefined when it is not a regular file, is too large, or is binary. */
async function readText(path: string, maxBytes: number): Promise<string | undefined> {
  let stat;
  try {
    stat = await lstat(path);
  } catch {
    return undefined; // tracked by git but deleted in the work tree
  }
  if (!stat.isFile() || stat.size > maxBytes) return undefined;
  const handle = await open(path, 'r');
  try {
    const buffer = await handle.readFile();
    // A NUL byte in the first 8000 bytes is git's own test for binary content.
    if (buffer.subarray(0, 8000).includes(0)) return undefined;
    return buffer.toString('utf8');
  } finally {
    await handle.close();
  }
}
