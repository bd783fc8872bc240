// Types for log-format.js, which stays plain JavaScript because it runs before anything is compiled.
import type { Readable } from 'node:stream';
import type { Interface } from 'node:readline';

export interface FormatOptions {
  service?: string;
  color?: boolean;
  utc?: boolean;
  now?: number | string | Date;
}

export declare function formatLine(line: unknown, options?: FormatOptions): string;
export declare function forEachLine(stream: Readable, onLine: (line: string) => void): Interface;
export declare function useColor(stream?: { isTTY?: boolean }, env?: NodeJS.ProcessEnv): boolean;
export declare function paint(color: string | undefined, text: string, enabled: boolean): string;
export declare const ANSI: Readonly<Record<string, string>>;
