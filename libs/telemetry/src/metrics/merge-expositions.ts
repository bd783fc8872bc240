/**
 * Merges Prometheus text expositions of several processes into one, each sample labelled with
 * the process's `service`. The text format wants every family once (one HELP, one TYPE) with all
 * its samples together, so samples are regrouped by family rather than concatenated.
 */

export interface ServiceExposition {
  service: string;
  /** The replica (a replica's own /metrics): then every sample carries `instance_id` too. */
  instance?: string;
  text: string;
}

interface Family {
  name: string;
  help?: string;
  type?: string;
  samples: string[];
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})?(\s+.*)$/;

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** `name{a="1"} 3` -> `name{label="x",a="1"} 3`; a sample that already has the label keeps it. */
function withLabel(sample: string, label: string, value: string): string | undefined {
  const m = SAMPLE.exec(sample);
  if (!m) return undefined;
  const [, name, labels, rest] = m;
  if (labels && new RegExp(`[{,]\\s*${label}="`).test(labels)) return sample;
  const own = `${label}="${escapeLabel(value)}"`;
  const inner = labels ? labels.slice(1, -1).trim() : '';
  return `${name}{${inner ? `${own},${inner}` : own}}${rest}`;
}

/** `name{a="1"} 3` -> `name{service="x",a="1"} 3`; a sample that already names a service keeps it. */
export function withServiceLabel(sample: string, service: string): string | undefined {
  return withLabel(sample, 'service', service);
}

/** The family a sample belongs to: histogram and summary samples carry a suffix. */
function familyOf(sampleName: string, families: Map<string, Family>): string {
  if (families.has(sampleName)) return sampleName;
  const base = sampleName.replace(/_(bucket|sum|count|total|created)$/, '');
  return families.has(base) ? base : sampleName;
}

export function mergeExpositions(parts: ServiceExposition[]): string {
  const families = new Map<string, Family>();
  const family = (name: string): Family => {
    let f = families.get(name);
    if (!f) families.set(name, (f = { name, samples: [] }));
    return f;
  };
  for (const { service, instance, text } of parts) {
    for (const raw of text.split('\n')) {
      const line = raw.trimEnd();
      if (!line) continue;
      const meta = /^#\s+(HELP|TYPE)\s+(\S+)\s?(.*)$/.exec(line);
      if (meta) {
        const f = family(meta[2]);
        if (meta[1] === 'HELP') f.help ??= meta[3];
        else f.type ??= meta[3];
        continue;
      }
      if (line.startsWith('#')) continue;
      const withService = withServiceLabel(line, service);
      const labelled = withService !== undefined && instance !== undefined ? withLabel(withService, 'instance_id', instance) : withService;
      const name = SAMPLE.exec(line)?.[1];
      if (!labelled || !name) continue;
      family(familyOf(name, families)).samples.push(labelled);
    }
  }
  const out: string[] = [];
  for (const f of families.values()) {
    if (f.help !== undefined) out.push(`# HELP ${f.name} ${f.help}`);
    if (f.type !== undefined) out.push(`# TYPE ${f.name} ${f.type}`);
    out.push(...f.samples);
  }
  return `${out.join('\n')}\n`;
}
