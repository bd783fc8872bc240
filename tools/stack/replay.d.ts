// Types for the parts of replay.js that specs use; it stays plain JavaScript like the other stack scripts.
export interface ReplayOptions {
  build: boolean;
  help: boolean;
  services: string[];
}
export declare const REPLAYABLE: string[];
export declare const USAGE: string;
export declare function parseArgs(argv: string[]): ReplayOptions;
export declare function main(argv?: string[]): Promise<number>;
