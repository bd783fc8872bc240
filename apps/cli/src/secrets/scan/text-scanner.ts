/**
 * Findings in one file, fed line by line: the whole text of a file (a tree scan) or the lines a
 * commit added to it (a history scan). Stateful for the two things that span lines: the body of a
 * private key (reported once, at its BEGIN line, not once per base64 line) and environment files
 * (reported once per file).
 */
import { envFileFinding, isEnvFile } from './env-file.detector';
import type { Finding } from './finding.types';
import { scanLine } from './line-detectors';

export interface NumberedLine {
  line: number;
  text: string;
}

const MAX_ENV_LINES = 10_000;

export class FileScanner {
  private readonly findings: Finding[] = [];
  private readonly envLines: NumberedLine[] | undefined;
  private inPrivateKey = false;

  constructor(
    readonly file: string,
    readonly commit?: string,
  ) {
    this.envLines = isEnvFile(file) ? [] : undefined;
  }

  add(line: number, text: string): void {
    if (this.envLines && this.envLines.length < MAX_ENV_LINES) this.envLines.push({ line, text });
    if (this.inPrivateKey) {
      if (text.includes('-----END')) this.inPrivateKey = false;
      return;
    }
    const matches = scanLine(text, { file: this.file });
    const key = matches.find((m) => m.rule === 'private-key');
    // The rest of a line that opens a key is the key (a PEM in one string literal): one finding.
    for (const m of key ? [key] : matches) {
      this.findings.push({
        rule: m.rule,
        description: m.description,
        file: this.file,
        line,
        column: m.start + 1,
        preview: m.preview,
        ...(this.commit ? { commit: this.commit } : {}),
      });
    }
    if (key && !text.slice(key.end).includes('-----END')) this.inPrivateKey = true;
  }

  finish(): Finding[] {
    const env = this.envLines ? envFileFinding(this.file, this.envLines) : undefined;
    if (env) this.findings.unshift(this.commit ? { ...env, commit: this.commit } : env);
    return this.findings;
  }
}

/** Every finding in a file's whole text. */
export function scanText(file: string, content: string): Finding[] {
  const scanner = new FileScanner(file);
  content.split(/\r?\n/).forEach((text, i) => scanner.add(i + 1, text));
  return scanner.finish();
}
