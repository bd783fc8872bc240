// Types for dependencies.js, which stays plain JavaScript because it runs before anything is installed.
import type { SpawnSyncReturns } from 'node:child_process';

export type DependencyState = { fresh: true } | { fresh: false; reason: string };

export declare function dependencyState(root: string): DependencyState;
export declare function ensureDependencies(
  root: string,
  options?: {
    log?: (message: string) => void;
    run?: (command: string, args: string[], options: { cwd: string; stdio: 'inherit' }) => Pick<SpawnSyncReturns<Buffer>, 'status' | 'signal' | 'error'>;
  },
): { installed: boolean };
