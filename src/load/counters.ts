import { createHistogram, encodeHistogram, mergeEncoded, type LatencyHistogram } from '../measure/histogram.js';
import type { LoadCounters } from '../measure/trial.js';

/**
 * A load worker's counters for the measured window: plain numbers and HDR histograms, so memory stays
 * flat over any run length. Work finishing outside the window updates only `totalCompleted`.
 */
export class WindowCounters {
  measuring = false;
  totalCompleted = 0;
  completed = 0;
  failed = 0;
  resumed = 0;
  bytesClientToServer = 0;
  bytesServerToClient = 0;
  errors: Record<string, number> = {};
  /** Negotiated details of the trial's first connection, kept across windows because every trial has fresh processes. */
  negotiated: LoadCounters['negotiated'] = null;
  readonly histograms: Record<string, LatencyHistogram>;
  #start = process.hrtime.bigint();
  #cpu = process.cpuUsage();

  constructor(histogramNames: readonly string[]) {
    this.histograms = Object.fromEntries(histogramNames.map((name) => [name, createHistogram()]));
  }

  begin(): void {
    this.completed = 0;
    this.failed = 0;
    this.resumed = 0;
    this.bytesClientToServer = 0;
    this.bytesServerToClient = 0;
    this.errors = {};
    for (const histogram of Object.values(this.histograms)) histogram.reset();
    this.#start = process.hrtime.bigint();
    this.#cpu = process.cpuUsage();
    this.measuring = true;
  }

  fail(code: string): void {
    if (!this.measuring) return;
    this.failed++;
    this.errors[code] = (this.errors[code] ?? 0) + 1;
  }

  end(): LoadCounters {
    this.measuring = false;
    const cpu = process.cpuUsage(this.#cpu);
    return {
      completed: this.completed,
      failed: this.failed,
      errors: { ...this.errors },
      resumed: this.resumed,
      bytesClientToServer: this.bytesClientToServer,
      bytesServerToClient: this.bytesServerToClient,
      cpuUs: cpu.user + cpu.system,
      elapsedMs: Number(process.hrtime.bigint() - this.#start) / 1e6,
      histograms: Object.fromEntries(Object.entries(this.histograms).map(([name, histogram]) => [name, encodeHistogram(histogram)])),
      negotiated: this.negotiated,
    };
  }
}

function addCounts(target: Record<string, number>, source: Record<string, number>): void {
  for (const [key, count] of Object.entries(source)) target[key] = (target[key] ?? 0) + count;
}

/** Merges the windows of several load workers: counts add up, histograms merge, CPU adds up. */
export function mergeLoadCounters(parts: readonly LoadCounters[]): LoadCounters {
  const names = [...new Set(parts.flatMap((part) => Object.keys(part.histograms)))];
  const errors: Record<string, number> = {};
  for (const part of parts) addCounts(errors, part.errors);
  const sum = (pick: (part: LoadCounters) => number) => parts.reduce((total, part) => total + pick(part), 0);
  return {
    completed: sum((part) => part.completed),
    failed: sum((part) => part.failed),
    errors,
    resumed: sum((part) => part.resumed),
    bytesClientToServer: sum((part) => part.bytesClientToServer),
    bytesServerToClient: sum((part) => part.bytesServerToClient),
    cpuUs: sum((part) => part.cpuUs),
    elapsedMs: Math.max(0, ...parts.map((part) => part.elapsedMs)),
    histograms: Object.fromEntries(names.map((name) => [name, encodeHistogram(mergeEncoded(parts.map((part) => part.histograms[name]).filter((item): item is string => item !== undefined)))])),
    negotiated: parts.find((part) => part.negotiated !== null)?.negotiated ?? null,
  };
}
