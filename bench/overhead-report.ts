import type { CpuLayout, Environment } from '../src/measure/trial.js';
import { formatNumber, formatRatio } from '../src/report/format.js';
import { formatEstimate, markdownTable } from '../src/report/markdown.js';
import type { Cell } from '../src/scenario/vocabulary.js';
import { ratioOfMedians, summarize, type RatioSummary } from '../src/stats/summary.js';
import type { MemoryProbeResult, RssSample } from './memory-probe.js';
import { PAIRINGS, TARGET_RATIO, type PairingId, type PairingTrial } from './pairings.js';

/**
 * Text of the overhead benchmark's results: Markdown tables, so the output reads in a terminal and
 * pastes into docs/benchmarks.md unchanged.
 */

const MIB = 1024 * 1024;
/** Three latencies per handshake kept as float64 in a packed JS array: 24 bytes, before array growth slack. */
const ARRAY_BYTES_PER_HANDSHAKE = 3 * 8;

export interface OverviewSettings {
  trials: number;
  warmupSeconds: number;
  durationSeconds: number;
  concurrency: number;
  loadWorkers: number;
  seed: number;
}

export function renderOverview(environment: Environment, layout: CpuLayout, cell: Cell, settings: OverviewSettings): string {
  return [
    '## Overhead of the harness',
    '',
    `- Environment: Node ${environment.node}, OpenSSL ${environment.openssl}, ${environment.cpuModel}, ${environment.cores} cores, ${environment.os} ${environment.kernel} ${environment.arch}`,
    `- CPU layout: ${layout.description}`,
    `- Cell: ${cell.id}`,
    `- Settings: ${settings.trials} trials per pairing, ${settings.warmupSeconds} s warm-up, ${settings.durationSeconds} s window, concurrency ${settings.concurrency} per load worker, ${settings.loadWorkers} load worker(s), shuffle seed ${settings.seed}`,
  ].join('\n');
}

function clientCpu(trial: PairingTrial): number | null {
  return trial.record.metrics.clientCpuUsPerHandshake ?? null;
}

function serverCpu(trial: PairingTrial): number | null {
  return trial.record.metrics.serverCpuUsPerHandshake ?? null;
}

/** Renders one row per trial, in run order, with the whole-trial counts of both sides. */
export function renderTrials(trials: readonly PairingTrial[]): string {
  const rows = trials.map(({ pairing, record }) => {
    const equal = record.totals.clientCompleted === record.totals.serverCompleted;
    const flags = record.flags.map((flag) => `${flag.severity}: ${flag.code}`).join('; ');
    return [
      String(record.sequence + 1),
      String(record.round + 1),
      pairing.label,
      String(record.totals.clientCompleted),
      String(record.totals.serverCompleted),
      equal ? 'equal' : 'DIFFERENT',
      formatNumber(clientCpu({ pairing, record })),
      formatNumber(serverCpu({ pairing, record })),
      formatNumber(record.metrics.handshakesPerSecond),
      flags || '—',
    ];
  });
  const header = ['trial', 'round', 'pairing', 'client completed', 'server handshakes', 'counts', 'client CPU µs/handshake', 'server CPU µs/handshake', 'handshakes/s', 'flags'];
  const mismatches = trials.filter(({ record }) => record.totals.clientCompleted !== record.totals.serverCompleted).length;
  const verdict = mismatches === 0
    ? `Count check: client and server counts are equal in all ${trials.length} trials (whole trial: warm-up, window and drain).`
    : `Count check: FAILED, counts differ in ${mismatches} of ${trials.length} trials.`;
  return ['### Trials', '', markdownTable(header, rows, ['right', 'right', 'left', 'right', 'right', 'left', 'right', 'right', 'right', 'left']), '', verdict].join('\n');
}

/** Returns one value per valid trial of a pairing. Invalid trials are left out, as in a normal run. */
function valuesOf(trials: readonly PairingTrial[], id: PairingId, pick: (trial: PairingTrial) => number | null): number[] {
  return trials
    .filter((trial) => trial.pairing.id === id && trial.record.valid)
    .map(pick)
    .filter((value): value is number => value !== null);
}

export function renderSummaries(trials: readonly PairingTrial[]): string {
  const rows = PAIRINGS.map((pairing) => {
    const client = summarize(valuesOf(trials, pairing.id, clientCpu));
    const server = summarize(valuesOf(trials, pairing.id, serverCpu));
    const rate = summarize(valuesOf(trials, pairing.id, (trial) => trial.record.metrics.handshakesPerSecond ?? null));
    return [pairing.label, String(client.n), formatEstimate(client.median, client.ciLow, client.ciHigh), formatEstimate(server.median, server.ciLow, server.ciHigh), formatEstimate(rate.median, rate.ciLow, rate.ciHigh)];
  });
  const header = ['pairing', 'valid trials', 'client CPU µs/handshake', 'server CPU µs/handshake', 'handshakes/s'];
  return ['### Medians with 95% intervals', '', markdownTable(header, rows, ['left', 'right', 'right', 'right', 'right']), '', 'Intervals: percentile bootstrap of the median, 2000 resamples.'].join('\n');
}

function targetVerdict(ratio: RatioSummary): string {
  if (!Number.isFinite(ratio.ratio)) return 'not measured';
  if (ratio.ratio > TARGET_RATIO) return 'missed';
  return ratio.ciHigh <= TARGET_RATIO ? 'met' : `met by the median; the interval reaches above ${formatRatio(TARGET_RATIO)}`;
}

/**
 * Returns numerator / denominator of the two pairings' trials within each round where both are valid.
 * Both trials ran in the same round, seconds apart, so slow drift of the machine's background load mostly cancels.
 */
function pairedRatios(trials: readonly PairingTrial[], numerator: PairingId, denominator: PairingId, pick: (trial: PairingTrial) => number | null): number[] {
  const ratios: number[] = [];
  const rounds = new Set(trials.map((trial) => trial.record.round));
  for (const round of rounds) {
    const find = (id: PairingId) => trials.find((trial) => trial.pairing.id === id && trial.record.round === round && trial.record.valid);
    const top = find(numerator);
    const bottom = find(denominator);
    const topValue = top ? pick(top) : null;
    const bottomValue = bottom ? pick(bottom) : null;
    if (topValue !== null && bottomValue !== null && bottomValue > 0) ratios.push(topValue / bottomValue);
  }
  return ratios;
}

export function renderRatios(trials: readonly PairingTrial[]): string {
  const comparisons = [
    { label: 'harness driver / bare tls.connect loop (same bare server)', metric: 'client CPU µs/handshake', numerator: 'driver-bare', denominator: 'bare-bare', pick: clientCpu },
    { label: 'harness server / bare https server (same harness driver)', metric: 'server CPU µs/handshake', numerator: 'driver-harness', denominator: 'driver-bare', pick: serverCpu },
  ] as const;
  let method = '';
  const rows = comparisons.map((comparison) => {
    const ratio = ratioOfMedians(valuesOf(trials, comparison.numerator, comparison.pick), valuesOf(trials, comparison.denominator, comparison.pick));
    const paired = summarize(pairedRatios(trials, comparison.numerator, comparison.denominator, comparison.pick));
    method = ratio.ciMethod;
    return [
      comparison.label,
      comparison.metric,
      `${formatRatio(ratio.ratio)} [${formatRatio(ratio.ciLow)}, ${formatRatio(ratio.ciHigh)}]`,
      `${formatRatio(paired.median)} [${formatRatio(paired.ciLow)}, ${formatRatio(paired.ciHigh)}]`,
      `≤ ${formatRatio(TARGET_RATIO)}`,
      targetVerdict(ratio),
    ];
  });
  const header = ['comparison', 'metric', 'ratio of medians [95% interval]', 'median of per-round ratios [95% interval]', 'target', 'result (ratio of medians)'];
  return [
    '### Ratios',
    '',
    markdownTable(header, rows, ['left', 'left', 'right', 'right', 'left', 'left']),
    '',
    `Interval of the ratio of medians: ${method}. Interval of the per-round ratios: percentile bootstrap of their median. The two trials behind each ratio ran in the same round.`,
  ].join('\n');
}

function mebibytes(bytes: number | null): string {
  return bytes === null ? '—' : (bytes / MIB).toFixed(1);
}

/**
 * Renders the RSS samples of one long window. The first seconds grow while V8 sizes its heap, so growth per handshake
 * is taken over the second half of the window only, next to what per-sample arrays would add there.
 */
export function renderMemory(result: MemoryProbeResult, concurrency: number): string {
  const rows = result.samples.map((sample) => [sample.elapsedSeconds.toFixed(1), mebibytes(sample.rssBytes)]);
  const rate = result.windowSeconds > 0 ? result.windowCompleted / result.windowSeconds : 0;
  const lines = [
    '### Load worker memory over one long window',
    '',
    `One harness load worker (concurrency ${concurrency}) against the bare server; the window is never reset, so its histograms record every handshake.`,
    '',
    markdownTable(['seconds into the window', 'RSS MiB'], rows, ['right', 'right']),
    '',
    `- Handshakes in the window: ${result.windowCompleted} in ${result.windowSeconds.toFixed(1)} s (${formatNumber(rate)}/s); the handshake histogram holds ${result.histogramSamples} samples.`,
    `- RSS reported by the worker after stopping: ${mebibytes(result.stoppedRssBytes)} MiB.`,
  ];
  const secondHalf = result.samples.filter((sample): sample is RssSample & { rssBytes: number } => sample.rssBytes !== null && sample.elapsedSeconds >= result.windowSeconds / 2);
  const middle = secondHalf[0];
  const last = secondHalf[secondHalf.length - 1];
  if (!middle || !last || middle === last) {
    lines.push('- RSS could not be sampled from /proc (Linux only), so only the final RSS is shown.');
    return lines.join('\n');
  }
  const growthBytes = last.rssBytes - middle.rssBytes;
  const handshakes = rate * (last.elapsedSeconds - middle.elapsedSeconds);
  const rss = secondHalf.map((sample) => sample.rssBytes);
  lines.push(
    `- Second half, ${middle.elapsedSeconds.toFixed(1)} s to ${last.elapsedSeconds.toFixed(1)} s: RSS changed by ${mebibytes(growthBytes)} MiB (range ${mebibytes(Math.min(...rss))} to ${mebibytes(Math.max(...rss))} MiB) over about ${formatNumber(handshakes)} handshakes, ${formatNumber(handshakes > 0 ? growthBytes / handshakes : null)} bytes per handshake.`,
    `- Estimate for comparison: three float64 latencies per handshake kept in arrays would add about ${mebibytes(handshakes * ARRAY_BYTES_PER_HANDSHAKE)} MiB over that half.`,
  );
  return lines.join('\n');
}
