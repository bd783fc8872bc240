// Turns the services' pino JSON lines into one short readable line each for `npm start`.
// It must never throw: a service may print anything (a stack trace, a Node warning, half a line),
// and a formatter crash would take the whole dev stack down with it.
'use strict';

const readline = require('node:readline');

const ANSI = {
  reset: '\x1b[0m',
  dim: '\x1b[2m',
  bold: '\x1b[1m',
  red: '\x1b[31m',
  green: '\x1b[32m',
  yellow: '\x1b[33m',
  blue: '\x1b[34m',
  magenta: '\x1b[35m',
  cyan: '\x1b[36m',
  gray: '\x1b[90m',
};

// pino's numeric levels; string levels appear when a service sets `formatters.level`.
const LEVELS = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
const LEVEL_COLOR = { trace: 'gray', debug: 'gray', info: 'green', warn: 'yellow', error: 'red', fatal: 'magenta' };
// Fixed so each service keeps its colour between runs and the tags line up by eye.
const SERVICE_PALETTE = ['cyan', 'magenta', 'blue', 'yellow', 'green'];
const LEVEL_WIDTH = 5;
const TRACE_ID_SHORT = 8;

function useColor(stream = process.stdout, env = process.env) {
  // NO_COLOR / FORCE_COLOR are the common conventions (no-color.org); otherwise colour only a terminal.
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  return Boolean(stream && stream.isTTY);
}

function paint(color, text, enabled) {
  if (!enabled || !color || !ANSI[color]) return text;
  return `${ANSI[color]}${text}${ANSI.reset}`;
}

function serviceColor(service) {
  let hash = 0;
  for (const ch of String(service)) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return SERVICE_PALETTE[hash % SERVICE_PALETTE.length];
}

function pad2(n) {
  return String(n).padStart(2, '0');
}

function clock(value, utc) {
  const date = value === undefined || value === null ? new Date() : new Date(value);
  const d = Number.isNaN(date.getTime()) ? new Date() : date;
  return utc
    ? `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`
    : `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

function levelName(level) {
  if (typeof level === 'number') return LEVELS[level] || `l${level}`;
  if (typeof level === 'string' && level) return level.toLowerCase();
  return 'info';
}

// Services are told to log `trace_id`; the other spellings cover OpenTelemetry's pino
// instrumentation and hand-written logs, so a trace stays visible whichever one a service uses.
function traceIdOf(entry) {
  const candidates = [entry.trace_id, entry.traceId, entry.trace && entry.trace.trace_id, entry['trace.id']];
  const found = candidates.find((v) => typeof v === 'string' && v.length > 0);
  return found ? found.slice(0, TRACE_ID_SHORT) : undefined;
}

function errorText(err, name) {
  // The services log expected failures as `{ err_name, err: message }` (no stack to leak).
  if (typeof err === 'string' && err) return `${typeof name === 'string' && name ? name : 'Error'}: ${err}`;
  if (!err || typeof err !== 'object') return undefined;
  // pino's err serializer gives type, message, stack and often a code; the stack's first line
  // already names the type, so only the code is added to it.
  const code = typeof err.code === 'string' && err.code ? ` [${err.code}]` : '';
  if (typeof err.stack === 'string' && err.stack) {
    const [first, ...rest] = err.stack.split('\n');
    return [`${first}${code}`, ...rest].join('\n');
  }
  if (typeof err.message === 'string' && err.message) return `${typeof err.type === 'string' ? err.type : 'Error'}: ${err.message}${code}`;
  return undefined;
}

function messageOf(entry) {
  for (const key of ['msg', 'message']) {
    const value = entry[key];
    if (typeof value === 'string') return value;
    if (value !== undefined && value !== null) return JSON.stringify(value);
  }
  return '';
}

function parseEntry(line) {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return undefined;
  try {
    const value = JSON.parse(trimmed);
    return value && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Formats one output line of a service.
 * JSON (pino) lines become `HH:MM:SS level [service] msg (context) trace=abcd1234`;
 * anything else keeps its text, tagged with the time and the service.
 * options: { service, color = false, utc = false, now }.
 */
function formatLine(line, options = {}) {
  try {
    return formatLineUnsafe(String(line ?? ''), options);
  } catch {
    // Last resort: the raw line is always better than losing it.
    return `[${options.service ?? '?'}] ${String(line)}`;
  }
}

function formatLineUnsafe(line, options) {
  const color = Boolean(options.color);
  const service = options.service ?? '?';
  const tag = paint(serviceColor(service), `[${service}]`, color);
  const text = line.replace(/\r$/, '');
  const entry = parseEntry(text);

  if (!entry) {
    const time = paint('dim', clock(options.now, options.utc), color);
    return `${time} ${' '.repeat(LEVEL_WIDTH)} ${tag} ${text}`;
  }

  const level = levelName(entry.level);
  const time = paint('dim', clock(entry.time ?? options.now, options.utc), color);
  const levelText = paint(LEVEL_COLOR[level], level.toUpperCase().padEnd(LEVEL_WIDTH), color);
  const parts = [time, levelText, tag];

  const msg = messageOf(entry);
  if (msg) parts.push(msg);
  if (typeof entry.context === 'string' && entry.context) parts.push(paint('dim', `(${entry.context})`, color));
  const trace = traceIdOf(entry);
  if (trace) parts.push(paint('dim', `trace=${trace}`, color));

  let out = parts.join(' ');
  const err = errorText(entry.err ?? entry.error, entry.err_name);
  if (err && err !== msg) {
    // Indented below the line so the stack reads as belonging to it.
    out += `\n${err
      .split('\n')
      .map((l) => `    ${l}`)
      .join('\n')}`;
  }
  return out;
}

/** Calls onLine for every complete line of a stream (and the unterminated tail at its end). */
function forEachLine(stream, onLine) {
  const rl = readline.createInterface({ input: stream, crlfDelay: Infinity });
  rl.on('line', onLine);
  return rl;
}

module.exports = { formatLine, forEachLine, useColor, paint, ANSI };
