import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { BenchError } from '../errors.js';
import { mergeLoadCounters } from '../load/counters.js';
import type { LoadCommand, LoadConfig, LoadEvent } from '../load/protocol.js';
import { trialFigures } from '../measure/figures.js';
import type { CellHandshake, CpuLayout, LoadCounters, ServerCounters, TrialRecord } from '../measure/trial.js';
import { checkTrial } from '../measure/validity.js';
import type { CellPki } from '../pki/store.js';
import type { Settings } from '../scenario/schema.js';
import type { Cell } from '../scenario/vocabulary.js';
import type { ServerCommand, ServerEvent } from '../server/protocol.js';
import { forkChild, pinProcess, stopChild, waitForMessage } from './children.js';

const SERVER_ENTRY = new URL('../server/process.js', import.meta.url);
const LOAD_ENTRY = new URL('../load/process.js', import.meta.url);

/** Generous reply limits for children, so a slow CI machine does not fail a healthy trial. */
const START_TIMEOUT_MS = 20_000;
const REPLY_TIMEOUT_MS = 20_000;

export interface TrialPlan {
  runId: string;
  cell: Cell;
  pki: CellPki;
  crlPath: string | null;
  settings: Settings;
  loadWorkers: number;
  host: string;
  layout: CpuLayout;
  round: number;
  sequence: number;
  /**
   * Process entries to fork instead of the harness's own, for the overhead benchmark's bare server and
   * client. They must speak the same IPC messages.
   */
  serverEntry?: URL;
  loadEntry?: URL;
  handshake?: CellHandshake | null;
  /** Aborting cuts the warm-up and measured waits short; the trial then rejects and stops its processes. */
  signal?: AbortSignal;
}

/**
 * Sends a message unless the child is gone. An interrupt kills children at any moment, and a plain
 * `send` to a closed channel emits an unhandled 'error' event, which would crash the CLI.
 */
function sendTo(child: ChildProcess, message: ServerCommand | LoadCommand): void {
  if (!child.connected) throw new BenchError('E_CHILD_GONE', `cannot send ${message.type}: process ${child.pid} has exited`);
  child.send(message, (error) => {
    // The child exited after the check; the waits for its reply report that.
    void error;
  });
}

async function startServer(plan: TrialPlan): Promise<{ child: ChildProcess; port: number }> {
  const child = forkChild(plan.serverEntry ?? SERVER_ENTRY, 'server');
  await waitForMessage<ServerEvent, 'hello'>(child, 'hello', START_TIMEOUT_MS, 'starting the server');
  // Pin before configuring: cluster workers forked later inherit the affinity.
  if (plan.layout.pinned && child.pid) await pinProcess(child.pid, plan.layout.serverCores);
  const ticketKeys = randomBytes(48).toString('hex');
  sendTo(child, { type: 'configure', config: { cell: plan.cell, pki: plan.pki, crlPath: plan.crlPath, ticketKeys, workers: plan.settings.serverWorkers, host: plan.host } });
  const listening = await waitForMessage<ServerEvent, 'listening'>(child, 'listening', START_TIMEOUT_MS, 'starting the server');
  return { child, port: listening.port };
}

async function startLoadWorker(plan: TrialPlan, port: number, index: number): Promise<ChildProcess> {
  const child = forkChild(plan.loadEntry ?? LOAD_ENTRY, `load worker ${index}`);
  await waitForMessage<LoadEvent, 'hello'>(child, 'hello', START_TIMEOUT_MS, `starting load worker ${index}`);
  if (plan.layout.pinned && child.pid) await pinProcess(child.pid, plan.layout.loadCores);
  const config: LoadConfig = { cell: plan.cell, pki: plan.pki, host: plan.host, port, concurrency: plan.settings.concurrency, workerIndex: index };
  sendTo(child, { type: 'configure', config });
  await waitForMessage<LoadEvent, 'ready'>(child, 'ready', START_TIMEOUT_MS, `starting load worker ${index}`);
  return child;
}

function utilization(cpuUs: number, windowMs: number, cores: number, processes: number): number {
  // A single-threaded Node process can use about one core, so capacity is the smaller of the two counts.
  const capacityUs = windowMs * 1000 * Math.max(1, Math.min(cores, processes));
  return capacityUs > 0 ? cpuUs / capacityUs : 0;
}

/**
 * Runs one trial of one cell in fresh processes:
 * 1. start the server (pinned), then the load workers (pinned to the other cores);
 * 2. warm up, then open the measured window on every process at once;
 * 3. close the window and collect counters, stop the load and drain it, collect the totals;
 * 4. stop every process, compute the figures and apply the validity rules.
 */
export async function runTrial(plan: TrialPlan): Promise<TrialRecord> {
  const startedAt = new Date().toISOString();
  const children: ChildProcess[] = [];
  let server: ChildProcess | null = null;
  try {
    // Phase 1
    const started = await startServer(plan);
    server = started.child;
    children.push(server);
    const loads: ChildProcess[] = [];
    for (let index = 0; index < plan.loadWorkers; index++) {
      const load = await startLoadWorker(plan, started.port, index);
      loads.push(load);
      children.push(load);
    }

    // Phase 2
    for (const load of loads) sendTo(load, { type: 'start' });
    await sleep(plan.settings.warmupSeconds * 1000, undefined, { signal: plan.signal });
    sendTo(server, { type: 'measure-begin' });
    for (const load of loads) sendTo(load, { type: 'measure-begin' });
    await sleep(plan.settings.durationSeconds * 1000, undefined, { signal: plan.signal });

    // Phase 3
    const serverWindow = waitForMessage<ServerEvent, 'window'>(server, 'window', REPLY_TIMEOUT_MS, 'collecting server counters');
    const loadWindows = loads.map((load, index) => waitForMessage<LoadEvent, 'window'>(load, 'window', REPLY_TIMEOUT_MS, `collecting counters of load worker ${index}`));
    for (const load of loads) sendTo(load, { type: 'measure-end' });
    sendTo(server, { type: 'measure-end' });
    const serverCounters: ServerCounters = (await serverWindow).counters;
    const loadCounters: LoadCounters = mergeLoadCounters((await Promise.all(loadWindows)).map((event) => event.counters));

    const stopped = loads.map((load, index) => waitForMessage<LoadEvent, 'stopped'>(load, 'stopped', REPLY_TIMEOUT_MS, `stopping load worker ${index}`));
    for (const load of loads) sendTo(load, { type: 'stop' });
    const clientCompleted = (await Promise.all(stopped)).reduce((sum, event) => sum + event.completed, 0);
    const serverTotals = waitForMessage<ServerEvent, 'totals'>(server, 'totals', REPLY_TIMEOUT_MS, 'collecting server totals');
    sendTo(server, { type: 'totals' });
    const totalsCounters = (await serverTotals).counters;

    // Phase 4
    const windowMs = loadCounters.elapsedMs;
    const serverProcesses = plan.settings.serverWorkers + (plan.settings.serverWorkers > 1 ? 1 : 0);
    const use = {
      server: utilization(serverCounters.cpuUs, serverCounters.elapsedMs, plan.layout.serverCores.length, serverProcesses),
      load: utilization(loadCounters.cpuUs, windowMs, plan.layout.loadCores.length, plan.loadWorkers),
    };
    const totals = {
      clientCompleted,
      serverCompleted: plan.cell.workload === 'handshake' ? totalsCounters.handshakes : totalsCounters.requests,
      serverHandshakes: totalsCounters.handshakes,
      serverVerifiedClientCerts: totalsCounters.verifiedClientCerts,
    };
    const flags = checkTrial({ cell: plan.cell, server: serverCounters, load: loadCounters, totals, utilization: use });
    return {
      kind: 'trial',
      runId: plan.runId,
      cellId: plan.cell.id,
      cell: plan.cell,
      round: plan.round,
      sequence: plan.sequence,
      startedAt,
      warmupMs: plan.settings.warmupSeconds * 1000,
      windowMs,
      concurrency: plan.settings.concurrency,
      loadWorkers: plan.loadWorkers,
      serverWorkers: plan.settings.serverWorkers,
      layout: plan.layout,
      handshake: plan.handshake ?? null,
      metrics: trialFigures(plan.cell, serverCounters, loadCounters),
      server: serverCounters,
      load: loadCounters,
      totals,
      utilization: use,
      flags,
      valid: !flags.some((flag) => flag.severity === 'invalid'),
    };
  } catch (error) {
    if (error instanceof BenchError) throw error;
    throw new BenchError('E_TRIAL_FAILED', `trial of ${plan.cell.id} failed: ${(error as Error).message}`, { cause: error });
  } finally {
    await Promise.all(children.map((child) => stopChild(child, child === server ? ({ type: 'shutdown' } satisfies ServerCommand) : undefined)));
  }
}
