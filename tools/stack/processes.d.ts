// Types for processes.js, which stays plain JavaScript because it runs before anything is compiled.
import type { ChildProcess } from 'node:child_process';

export interface ExitResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  error?: Error;
}

export interface TrackedChild extends ChildProcess {
  exited: Promise<ExitResult>;
}

export interface SpawnOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
}

export interface RestartPolicy {
  maxRestarts?: number;
  windowMs?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

export type RestartDecision = { restart: false; recent: number } | { restart: true; recent: number; attempt: number; delayMs: number };

export interface ServiceSpec {
  name: string;
  command: string;
  args: string[];
  /** SIGTERM only after every other service exited (the bus: they publish while they stop). */
  stopLast?: boolean;
}

export declare function resolveCommand(name: string, env?: NodeJS.ProcessEnv): string | undefined;
export declare function exitStatus(result: { code?: number | null; signal?: NodeJS.Signals | string | null }): number;
export declare function spawnChild(command: string, args: string[], options?: SpawnOptions): TrackedChild;
export declare function runStep(command: string, args: string[], options?: SpawnOptions): Promise<ExitResult>;
export declare function capture(
  command: string,
  args: string[],
  options?: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>;
export declare function terminate(child: TrackedChild, graceMs?: number): Promise<ExitResult>;
export declare function terminateAll(graceMs?: number): Promise<ExitResult[]>;
export declare function killAllNow(): void;
export declare function restartDecision(history: number[], now: number, policy?: RestartPolicy): RestartDecision;
export declare function formatExit(result: ExitResult): string;
export declare const DEFAULT_GRACE_MS: number;

export declare class Supervisor {
  constructor(options: {
    services: ServiceSpec[];
    cwd?: string;
    env?: NodeJS.ProcessEnv;
    onLine: (service: string, line: string, stream: 'stdout' | 'stderr') => void;
    log?: (message: string, level?: 'info' | 'warn' | 'error') => void;
    onGiveUp?: (service: string) => void;
    policy?: RestartPolicy;
  });
  readonly stopping: boolean;
  start(): void;
  stop(graceMs?: number): Promise<void>;
}
