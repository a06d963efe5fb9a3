import type { Workload } from '../scenario/vocabulary.js';

/**
 * The metric schema: every per-trial figure the tool reports, with its unit and direction. Tables,
 * JSON summaries, CSV columns, Markdown and CI exports all take their column lists from this one
 * array, so the formats cannot drift apart.
 */
export interface MetricDefinition {
  /** Field name in a trial's `metrics`, camelCase with the unit at the end. */
  key: MetricKey;
  /** CSV column name: snake_case with the unit. */
  column: string;
  /** Short label for terminal tables and Markdown. */
  label: string;
  /** Unit as printed: `ms`, `us`, `1/s`, `bytes`, `ratio`, `count`. */
  unit: string;
  /** Direction that counts as better, for regressions, or null for metrics that are context, not performance. */
  better: 'higher' | 'lower' | null;
  /** Workloads that produce this metric. */
  workloads: readonly Workload[];
  /** Default regression threshold for `bench compare`, as a fraction of the baseline (0.05 = 5%). */
  threshold: number;
  /** Shown in the default terminal table (the others are in JSON and CSV). */
  headline: boolean;
}

export const METRIC_KEYS = [
  'handshakesPerSecond',
  'requestsPerSecond',
  'handshakeP50Ms',
  'handshakeP90Ms',
  'handshakeP99Ms',
  'handshakeP999Ms',
  'handshakeMaxMs',
  'connectP50Ms',
  'firstByteP50Ms',
  'requestP50Ms',
  'requestP99Ms',
  'serverCpuUsPerHandshake',
  'clientCpuUsPerHandshake',
  'serverCpuUsPerRequest',
  'clientCpuUsPerRequest',
  'bytesClientToServerPerHandshake',
  'bytesServerToClientPerHandshake',
  'reuseRatio',
  'failedHandshakes',
] as const;
export type MetricKey = (typeof METRIC_KEYS)[number];

const H = ['handshake'] as const;
const K = ['keep-alive'] as const;

export const METRICS: readonly MetricDefinition[] = [
  { key: 'handshakesPerSecond', column: 'handshakes_per_s', label: 'handshakes/s', unit: '1/s', better: 'higher', workloads: H, threshold: 0.05, headline: true },
  { key: 'requestsPerSecond', column: 'requests_per_s', label: 'requests/s', unit: '1/s', better: 'higher', workloads: K, threshold: 0.05, headline: true },
  { key: 'handshakeP50Ms', column: 'handshake_p50_ms', label: 'handshake p50 ms', unit: 'ms', better: 'lower', workloads: H, threshold: 0.05, headline: true },
  { key: 'handshakeP90Ms', column: 'handshake_p90_ms', label: 'handshake p90 ms', unit: 'ms', better: 'lower', workloads: H, threshold: 0.1, headline: false },
  { key: 'handshakeP99Ms', column: 'handshake_p99_ms', label: 'handshake p99 ms', unit: 'ms', better: 'lower', workloads: H, threshold: 0.1, headline: true },
  { key: 'handshakeP999Ms', column: 'handshake_p999_ms', label: 'handshake p99.9 ms', unit: 'ms', better: 'lower', workloads: H, threshold: 0.2, headline: false },
  { key: 'handshakeMaxMs', column: 'handshake_max_ms', label: 'handshake max ms', unit: 'ms', better: null, workloads: H, threshold: 0.5, headline: false },
  { key: 'connectP50Ms', column: 'tcp_connect_p50_ms', label: 'TCP connect p50 ms', unit: 'ms', better: 'lower', workloads: H, threshold: 0.1, headline: false },
  { key: 'firstByteP50Ms', column: 'first_byte_p50_ms', label: 'first byte p50 ms', unit: 'ms', better: 'lower', workloads: H, threshold: 0.05, headline: false },
  { key: 'requestP50Ms', column: 'request_p50_ms', label: 'request p50 ms', unit: 'ms', better: 'lower', workloads: K, threshold: 0.05, headline: true },
  { key: 'requestP99Ms', column: 'request_p99_ms', label: 'request p99 ms', unit: 'ms', better: 'lower', workloads: K, threshold: 0.1, headline: true },
  { key: 'serverCpuUsPerHandshake', column: 'server_cpu_us_per_handshake', label: 'server CPU µs/handshake', unit: 'us', better: 'lower', workloads: H, threshold: 0.05, headline: true },
  { key: 'clientCpuUsPerHandshake', column: 'client_cpu_us_per_handshake', label: 'client CPU µs/handshake', unit: 'us', better: 'lower', workloads: H, threshold: 0.05, headline: true },
  { key: 'serverCpuUsPerRequest', column: 'server_cpu_us_per_request', label: 'server CPU µs/request', unit: 'us', better: 'lower', workloads: K, threshold: 0.05, headline: true },
  { key: 'clientCpuUsPerRequest', column: 'client_cpu_us_per_request', label: 'client CPU µs/request', unit: 'us', better: 'lower', workloads: K, threshold: 0.05, headline: false },
  { key: 'bytesClientToServerPerHandshake', column: 'bytes_client_to_server_per_handshake', label: 'bytes c→s/handshake', unit: 'bytes', better: 'lower', workloads: H, threshold: 0.01, headline: true },
  { key: 'bytesServerToClientPerHandshake', column: 'bytes_server_to_client_per_handshake', label: 'bytes s→c/handshake', unit: 'bytes', better: 'lower', workloads: H, threshold: 0.01, headline: true },
  { key: 'reuseRatio', column: 'session_reuse_ratio', label: 'session reuse', unit: 'ratio', better: null, workloads: H, threshold: 0.01, headline: false },
  { key: 'failedHandshakes', column: 'failed_handshakes', label: 'failed handshakes', unit: 'count', better: 'lower', workloads: ['handshake', 'keep-alive'], threshold: 0, headline: false },
];

const BY_KEY = new Map(METRICS.map((metric) => [metric.key, metric]));

export function metricDefinition(key: MetricKey): MetricDefinition {
  const definition = BY_KEY.get(key);
  if (!definition) throw new Error(`unknown metric ${key}`);
  return definition;
}

export function metricsForWorkload(workload: Workload): MetricDefinition[] {
  return METRICS.filter((metric) => metric.workloads.includes(workload));
}
