/**
 * Reads `git log -p -U0 --format=<RS><sha>` output line by line and reports each added line with
 * its commit, file and line number in the new version. Only added lines matter: a secret that was
 * ever committed stays in history whatever later commits remove.
 *
 * Header lines (`+++ b/path`) are told from added lines that happen to start with `++` by state:
 * headers only come between `diff --git` and the first `@@` of a file.
 */
export const COMMIT_MARKER = '\x1e';

export interface AddedLine {
  commit: string;
  file: string;
  line: number;
  text: string;
}

export class GitDiffParser {
  private commit = '';
  private file: string | null = null;
  private inHeader = false;
  private nextLine = 0;
  commits = 0;

  constructor(
    private readonly onAdded: (added: AddedLine) => void,
    /** Called when a file's section of a commit ends (to flush per-file state). */
    private readonly onFileEnd: (commit: string, file: string) => void = () => undefined,
  ) {}

  push(line: string): void {
    if (line.startsWith(COMMIT_MARKER)) {
      this.endFile();
      this.commit = line.slice(1).trim();
      this.commits++;
      return;
    }
    if (line.startsWith('diff --git ') || line.startsWith('diff --cc ') || line.startsWith('diff --combined ')) {
      this.endFile();
      this.inHeader = true;
      return;
    }
    if (this.inHeader) {
      if (line.startsWith('+++ ')) this.file = newPath(line.slice(4));
      else if (line.startsWith('@@')) this.startHunk(line);
      return;
    }
    if (line.startsWith('@@')) {
      this.startHunk(line);
      return;
    }
    if (this.file === null) return;
    if (line.startsWith('+')) {
      this.onAdded({ commit: this.commit, file: this.file, line: this.nextLine++, text: line.slice(1) });
    } else if (line.startsWith(' ')) {
      this.nextLine++;
    }
  }

  end(): void {
    this.endFile();
  }

  private startHunk(line: string): void {
    this.inHeader = false;
    const m = /^@@@? -[\d,]+ (?:-[\d,]+ )?\+(\d+)(?:,\d+)? @@/.exec(line);
    this.nextLine = m ? Number(m[1]) : 1;
  }

  private endFile(): void {
    if (this.file !== null) this.onFileEnd(this.commit, this.file);
    this.file = null;
    this.inHeader = false;
  }
}

/** `b/path`, `"b/pa\"th"` or `/dev/null` (a deletion: nothing added). */
export function newPath(raw: string): string | null {
  const text = raw.trim();
  if (text === '/dev/null') return null;
  const unquoted = text.startsWith('"') && text.endsWith('"') ? unquoteC(text.slice(1, -1)) : text;
  return unquoted.startsWith('b/') ? unquoted.slice(2) : unquoted;
}

/** Git's C-style quoting: \" \\ \t \n and octal bytes (UTF-8 sequences). */
function unquoteC(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const next = text[++i];
    if (/[0-7]/.test(next)) {
      const oct = text.slice(i, i + 3);
      bytes.push(parseInt(oct, 8));
      i += 2;
    } else {
      bytes.push(({ n: 10, t: 9, r: 13, '"': 34, '\\': 92, a: 7, b: 8, f: 12, v: 11 } as Record<string, number>)[next] ?? next.charCodeAt(0));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
