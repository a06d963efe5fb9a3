import type { Cell } from '../scenario/vocabulary.js';
import type { MetricKey } from './metrics.js';

/** Reason a trial is flagged. An `invalid` flag breaks a validity rule, and a `warning` flag marks figures to use with care. */
export interface TrialFlag {
  code: FlagCode;
  severity: 'invalid' | 'warning';
  message: string;
}

export type FlagCode =
  | 'client-cert-not-verified'
  | 'unexpected-cert-request'
  | 'protocol-mismatch'
  | 'key-type-mismatch'
  | 'reuse-ratio-mismatch'
  | 'failed-handshakes'
  | 'load-bound'
  | 'count-mismatch'
  | 'no-handshakes';

/** Counters a TLS server process reports for one window (measured window or whole run). */
export interface ServerCounters {
  /** `secureConnection` events. */
  handshakes: number;
  /** Handshakes where `authorized` was true: with `rejectUnauthorized` that means a client certificate verified against the CA. */
  verifiedClientCerts: number;
  resumed: number;
  requests: number;
  protocols: Record<string, number>;
  ciphers: Record<string, number>;
  /** Key type of the first verified client certificate of the trial, in the project's key type words (sampled once). */
  clientKeyTypes: Record<string, number>;
  /** `tlsClientError` codes. */
  errors: Record<string, number>;
  /** CPU time of all server processes (user + system) in microseconds. */
  cpuUs: number;
  elapsedMs: number;
}

/** Counters and histograms a load worker reports for one window. */
export interface LoadCounters {
  /** Handshake workload: connections that completed a handshake and read a response. Keep-alive: requests. */
  completed: number;
  failed: number;
  /** Failures by error code (`ECONNRESET`, `ERR_SSL_...`, `HTTP_503`...). */
  errors: Record<string, number>;
  resumed: number;
  bytesClientToServer: number;
  bytesServerToClient: number;
  cpuUs: number;
  elapsedMs: number;
  /** Encoded HDR histograms in microseconds, by name (`handshake`, `connect`, `firstByte`, `request`). */
  histograms: Record<string, string>;
  /** Protocol, cipher, server key type and group of the client's first connection in the trial. */
  negotiated: { protocol: string | null; cipher: string | null; serverKeyType: string | null; group: string | null } | null;
}

/** Placement of server and load processes on CPU cores. */
export interface CpuLayout {
  pinned: boolean;
  serverCores: number[];
  loadCores: number[];
  /** Human-readable, e.g. "server on core 0, load on core 1 (taskset)". */
  description: string;
}

/**
 * Signature schemes and key exchange group of a full handshake with a cell's settings, from one
 * connection traced before the trials. Node.js exposes no signature scheme on a TLSSocket, and the
 * group only on the client (`getEphemeralKeyInfo`), which trials record in `load.negotiated`.
 */
export interface CellHandshake {
  /** OpenSSL names, e.g. `ecdsa_secp256r1_sha256`; client is null in one-way mode. */
  signatureAlgorithms: { server: string | null; client: string | null };
  /** e.g. `ecdh_x25519`; null for RSA key transport. */
  group: string | null;
  /** Handshake messages of the traced connection, ChangeCipherSpec not counted. */
  messages: number | null;
  /** Error message of a failed trace, or null. A failed trace leaves the trial itself unaffected. */
  error: string | null;
}

/** One timed measurement of one cell: the unit of analysis. Appended to the run's JSONL as it finishes. */
export interface TrialRecord {
  kind: 'trial';
  runId: string;
  cellId: string;
  cell: Cell;
  /** Round number (0-based); every cell runs once per round, in a shuffled order. */
  round: number;
  /** Position of this trial in the run (0-based). */
  sequence: number;
  startedAt: string;
  warmupMs: number;
  /** Length of the measured window in milliseconds. */
  windowMs: number;
  concurrency: number;
  loadWorkers: number;
  serverWorkers: number;
  layout: CpuLayout;
  /** Absent in results written before the field existed. */
  handshake?: CellHandshake | null;
  metrics: Partial<Record<MetricKey, number | null>>;
  server: ServerCounters;
  /** Load workers' counters merged (sums; histograms merged, not averaged). */
  load: LoadCounters;
  /**
   * Totals over the whole trial (warm-up, window and drain). Completions are handshakes in the
   * handshake workload and requests in keep-alive; both sides must agree on them. Keep-alive opens its
   * connections during warm-up, so the proof of client verification comes from these totals.
   */
  totals: { clientCompleted: number; serverCompleted: number; serverHandshakes: number; serverVerifiedClientCerts: number };
  /** Share of their cores the server and load processes used during the window (0..1). */
  utilization: { server: number; load: number };
  flags: TrialFlag[];
  valid: boolean;
}

/** The environment a run was measured on. */
export interface Environment {
  node: string;
  openssl: string;
  v8: string;
  os: string;
  kernel: string;
  arch: string;
  cpuModel: string;
  cores: number;
  memoryBytes: number;
  commit: string | null;
  toolVersion: string;
  hostname: string;
}
