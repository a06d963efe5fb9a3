import type { LoadCounters } from '../measure/trial.js';
import type { CellPki } from '../pki/store.js';
import type { Cell } from '../scenario/vocabulary.js';

export interface LoadConfig {
  cell: Cell;
  pki: CellPki;
  host: string;
  port: number;
  /** Concurrent connections (handshake workload) or persistent connections (keep-alive) of this worker. */
  concurrency: number;
  workerIndex: number;
}

/** Supervisor → load worker messages. */
export type LoadCommand =
  | { type: 'configure'; config: LoadConfig }
  | { type: 'start' }
  | { type: 'measure-begin' }
  | { type: 'measure-end' }
  | { type: 'stop' };

/** Load worker → supervisor messages; `hello` comes first, as for server processes. */
export type LoadEvent =
  | { type: 'hello' }
  | { type: 'ready' }
  | { type: 'window'; counters: LoadCounters }
  | { type: 'stopped'; completed: number; memoryRssBytes: number }
  | { type: 'failed'; message: string };

/** Interface both drivers offer the load process. */
export interface Driver {
  start(): void;
  beginWindow(): void;
  endWindow(): LoadCounters;
  /** Stops issuing work, waits for in-flight work (bounded), and returns the count completed over the whole trial. */
  stop(): Promise<number>;
}
