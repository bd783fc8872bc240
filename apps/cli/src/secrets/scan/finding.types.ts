export const SCAN_RULES = ['env-file', 'private-key', 'aws-access-key', 'aws-secret-key', 'jwt-secret', 'jwt-token', 'high-entropy'] as const;
export type ScanRule = (typeof SCAN_RULES)[number];

/** One secret found: where, which rule, and a masked preview. The value itself is never kept. */
export interface Finding {
  rule: ScanRule;
  description: string;
  /** Path relative to the scanned root, with forward slashes. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  preview: string;
  /** History scans: the commit that added the line. */
  commit?: string;
}

/** A match on one line, before it is placed in a file; `start`/`end` are string offsets. */
export interface LineMatch {
  rule: ScanRule;
  description: string;
  start: number;
  end: number;
  preview: string;
}
