import type { ServerCounters } from '../measure/trial.js';
import type { CellPki } from '../pki/store.js';
import type { Cell } from '../scenario/vocabulary.js';

/** Configuration of a server process for one cell, sent once after the supervisor pinned the process. */
export interface ServerConfig {
  cell: Cell;
  pki: CellPki;
  crlPath: string | null;
  /**
   * Session ticket keys (48 bytes, hex), the same for every worker of the trial, so a ticket issued by
   * one worker resumes on any other.
   */
  ticketKeys: string;
  /** Worker processes: 1 serves in the process itself, more starts a node:cluster of that size. */
  workers: number;
  host: string;
}

/** Supervisor → server messages. */
export type ServerCommand =
  | { type: 'configure'; config: ServerConfig }
  /** Primary → worker: the reply to a `session-lookup`, with `data` in base64 or null for a miss. */
  | { type: 'session-found'; requestId: number; data: string | null }
  | { type: 'measure-begin' }
  | { type: 'measure-end' }
  | { type: 'totals' }
  | { type: 'shutdown' };

/**
 * Server → supervisor messages. `hello` comes first: an ES module attaches its message listener only
 * after loading, and a node:cluster worker drops messages that arrive before then (seen on Node
 * 20.20; a plain forked child keeps them). Every parent sends `configure` only after `hello`.
 */
export type ServerEvent =
  | { type: 'hello' }
  | { type: 'listening'; port: number; pids: number[] }
  | { type: 'window'; counters: ServerCounters }
  | { type: 'totals'; counters: ServerCounters }
  | { type: 'failed'; message: string }
  /** Worker → primary: a new `session-id` session for the shared cache (id hex, data base64). */
  | { type: 'session-new'; id: string; data: string }
  /** Worker → primary: look a session up in the shared cache. */
  | { type: 'session-lookup'; requestId: number; id: string };

export function emptyServerCounters(): ServerCounters {
  return { handshakes: 0, verifiedClientCerts: 0, resumed: 0, requests: 0, protocols: {}, ciphers: {}, clientKeyTypes: {}, errors: {}, cpuUs: 0, elapsedMs: 0 };
}

function addCounts(target: Record<string, number>, source: Record<string, number>): void {
  for (const [key, count] of Object.entries(source)) target[key] = (target[key] ?? 0) + count;
}

/** Sums counters of several server workers; elapsed time is the longest window among them. */
export function mergeServerCounters(parts: readonly ServerCounters[]): ServerCounters {
  const merged = emptyServerCounters();
  for (const part of parts) {
    merged.handshakes += part.handshakes;
    merged.verifiedClientCerts += part.verifiedClientCerts;
    merged.resumed += part.resumed;
    merged.requests += part.requests;
    merged.cpuUs += part.cpuUs;
    merged.elapsedMs = Math.max(merged.elapsedMs, part.elapsedMs);
    addCounts(merged.protocols, part.protocols);
    addCounts(merged.ciphers, part.ciphers);
    addCounts(merged.clientKeyTypes, part.clientKeyTypes);
    addCounts(merged.errors, part.errors);
  }
  return merged;
}
