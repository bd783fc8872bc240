// Types for the parts of preflight.js that specs use; it stays plain JavaScript because it runs
// before anything is installed or compiled.
export interface ServerTarget {
  host: string;
  port: number;
  local: boolean;
  display: string;
}
export type NatsStartPlan =
  { missing: string; advice: string[] } | { install?: [string, string[]]; command: string | undefined; args: string[]; display: string; stateDir: string };

export declare const NATS_INSTALL_COMMAND: string;
export declare function parseNatsUrl(natsUrl?: string): ServerTarget;
export declare function natsStartPlan(
  target: ServerTarget,
  options?: { root?: string; asRoot?: boolean; resolve?: (command: string) => string | undefined },
): NatsStartPlan;
