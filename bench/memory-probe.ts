import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LoadCommand, LoadEvent } from '../src/load/protocol.js';
import { decodeHistogram } from '../src/measure/histogram.js';
import type { CpuLayout } from '../src/measure/trial.js';
import type { CellPki } from '../src/pki/store.js';
import { forkChild, pinProcess, stopChild, waitForMessage } from '../src/runner/children.js';
import type { Cell } from '../src/scenario/vocabulary.js';
import type { ServerCommand, ServerEvent } from '../src/server/protocol.js';

/** Reply timeout for a child, as generous as the trial runner's. */
const REPLY_TIMEOUT_MS = 20_000;
/** RSS samples taken over the measured window, evenly spaced. */
const SAMPLE_COUNT = 10;

export interface MemoryProbePlan {
  cell: Cell;
  pki: CellPki;
  host: string;
  layout: CpuLayout;
  concurrency: number;
  warmupSeconds: number;
  windowSeconds: number;
  serverEntry: URL;
  loadEntry: URL;
}

export interface RssSample {
  elapsedSeconds: number;
  /** Null when /proc/<pid>/status could not be read (not Linux, or the process already exited). */
  rssBytes: number | null;
}

export interface MemoryProbeResult {
  samples: RssSample[];
  /** Handshakes the load worker completed inside the window. */
  windowCompleted: number;
  windowSeconds: number;
  /** Sample count of the worker's handshake histogram at the end of the window. */
  histogramSamples: number;
  /** RSS the worker reported itself after stopping. */
  stoppedRssBytes: number;
}

/** Reads VmRSS of a process from /proc, which Linux keeps current without disturbing the process. */
async function readRssBytes(pid: number): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/**
 * Runs one harness load worker against a server for one long measured window and samples the
 * worker's RSS from outside at even steps. The window is never reset, so the worker's histograms
 * record every handshake of the run. A worker that kept samples in arrays would grow with the count.
 */
export async function probeLoadWorkerMemory(plan: MemoryProbePlan): Promise<MemoryProbeResult> {
  const server = forkChild(plan.serverEntry, 'server');
  const load = forkChild(plan.loadEntry, 'load worker');
  try {
    await waitForMessage<ServerEvent, 'hello'>(server, 'hello', REPLY_TIMEOUT_MS, 'starting the server');
    if (plan.layout.pinned && server.pid) await pinProcess(server.pid, plan.layout.serverCores);
    const ticketKeys = randomBytes(48).toString('hex');
    server.send({ type: 'configure', config: { cell: plan.cell, pki: plan.pki, crlPath: null, ticketKeys, workers: 1, host: plan.host } } satisfies ServerCommand);
    const { port } = await waitForMessage<ServerEvent, 'listening'>(server, 'listening', REPLY_TIMEOUT_MS, 'starting the server');

    await waitForMessage<LoadEvent, 'hello'>(load, 'hello', REPLY_TIMEOUT_MS, 'starting the load worker');
    if (plan.layout.pinned && load.pid) await pinProcess(load.pid, plan.layout.loadCores);
    load.send({ type: 'configure', config: { cell: plan.cell, pki: plan.pki, host: plan.host, port, concurrency: plan.concurrency, workerIndex: 0 } } satisfies LoadCommand);
    await waitForMessage<LoadEvent, 'ready'>(load, 'ready', REPLY_TIMEOUT_MS, 'starting the load worker');

    load.send({ type: 'start' } satisfies LoadCommand);
    await sleep(plan.warmupSeconds * 1000);
    load.send({ type: 'measure-begin' } satisfies LoadCommand);
    const startedAt = performance.now();
    const samples: RssSample[] = [];
    const stepMs = (plan.windowSeconds * 1000) / SAMPLE_COUNT;
    for (let step = 0; step <= SAMPLE_COUNT; step++) {
      if (step > 0) await sleep(Math.max(0, startedAt + step * stepMs - performance.now()));
      samples.push({ elapsedSeconds: (performance.now() - startedAt) / 1000, rssBytes: load.pid ? await readRssBytes(load.pid) : null });
    }

    const window = waitForMessage<LoadEvent, 'window'>(load, 'window', REPLY_TIMEOUT_MS, 'collecting load worker counters');
    load.send({ type: 'measure-end' } satisfies LoadCommand);
    const counters = (await window).counters;
    const stopped = waitForMessage<LoadEvent, 'stopped'>(load, 'stopped', REPLY_TIMEOUT_MS, 'stopping the load worker');
    load.send({ type: 'stop' } satisfies LoadCommand);
    const stoppedRssBytes = (await stopped).memoryRssBytes;
    const handshakeHistogram = counters.histograms.handshake;
    return {
      samples,
      windowCompleted: counters.completed,
      windowSeconds: counters.elapsedMs / 1000,
      histogramSamples: handshakeHistogram ? decodeHistogram(handshakeHistogram).totalCount : 0,
      stoppedRssBytes,
    };
  } finally {
    await Promise.all([stopChild(load), stopChild(server, { type: 'shutdown' } satisfies ServerCommand)]);
  }
}
