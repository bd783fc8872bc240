/**
 * Samples a process's resident set from /proc while a test runs. A timer that throws crashes the
 * jest worker, and a process that went away mid-test (or a sampler left running after a failed
 * assertion) would do exactly that: here a missing process is recorded and reported by `stop()`.
 */
import { readFileSync } from 'node:fs';

export interface RssSample {
  before: number;
  peak: number;
  /** The process was gone at some sample: its memory figures say nothing. */
  lost: boolean;
}

export function rssBytes(pid: number): number | undefined {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}

/** Starts sampling now; `stop()` ends it (call it in a `finally`) with one last sample. */
export function sampleRss(pid: number, everyMs: number): { stop(): RssSample } {
  const first = rssBytes(pid);
  const sample: RssSample = { before: first ?? 0, peak: first ?? 0, lost: first === undefined };
  const take = (): void => {
    const now = rssBytes(pid);
    if (now === undefined) sample.lost = true;
    else sample.peak = Math.max(sample.peak, now);
  };
  const timer = setInterval(take, everyMs);
  let stopped = false;
  return {
    stop(): RssSample {
      if (!stopped) {
        stopped = true;
        clearInterval(timer);
        take();
      }
      return sample;
    },
  };
}
