import { randomInt } from 'node:crypto';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BenchError } from '../errors.js';
import type { CellHandshake, TrialRecord } from '../measure/trial.js';
import { PkiStore } from '../pki/store.js';
import type { RunResult, RunSettings } from '../report/result.js';
import { resolveSettings } from '../scenario/estimate.js';
import type { LoadedScenario } from '../scenario/load.js';
import { expandMatrix, type SkippedCell } from '../scenario/matrix.js';
import type { Settings } from '../scenario/schema.js';
import type { Cell } from '../scenario/vocabulary.js';
import { summarizeRun } from '../stats/run-summary.js';
import { createRandom, shuffled } from '../stats/random.js';
import { TOOL_VERSION } from '../version.js';
import { killAllChildren } from './children.js';
import { captureEnvironment } from './environment.js';
import { planLayout } from './layout.js';
import { runTrial } from './trial.js';
import { prepareCellPki } from './cell-pki.js';
import { traceCellHandshake } from './handshake-trace.js';

export interface RunOptions {
  quick: boolean;
  overrides?: Partial<Settings>;
  /** Folder for this run's files; default `<resultsDir>/<run id>/`. */
  outDir?: string;
  /** Folder of runs; default `results` under the current directory. */
  resultsDir?: string;
  seed?: number;
  /** Bind address of the servers; loopback unless the user says otherwise. */
  host?: string;
  pkiDir?: string;
  /** Called after each trial, for progress output. */
  onTrial?: (trial: TrialRecord, done: number, total: number) => void;
  /** Called once before the first trial. */
  onStart?: (info: { cells: Cell[]; skipped: SkippedCell[]; settings: RunSettings; layout: string; dir: string; totalTrials: number }) => void;
  /** Aborting stops the run after killing the current trial's processes; finished trials are kept. */
  signal?: AbortSignal;
}

export interface RunOutcome {
  result: RunResult;
  dir: string;
  jsonPath: string;
  trialsPath: string;
}

function timestampId(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/** Load workers for `auto`: one per load core, since each worker is a single-threaded event loop. */
function resolveLoadWorkers(setting: Settings['loadWorkers'], loadCores: number): number {
  return setting === 'auto' ? Math.max(1, loadCores) : setting;
}

/**
 * Runs every trial of a scenario, cells interleaved in a freshly shuffled order each round. Each
 * finished trial is appended to `trials.jsonl` at once, so a crash loses nothing, and `run.json`
 * (the whole run with its summaries) is written at the end.
 */
export async function runScenario(loaded: LoadedScenario, options: RunOptions): Promise<RunOutcome> {
  const { scenario } = loaded;
  const settings = resolveSettings(scenario, options.quick, options.overrides);
  const { cells, skipped } = expandMatrix(scenario);
  if (cells.length === 0) {
    const reasons = [...new Set(skipped.map((entry) => entry.reason))].join('; ');
    throw new BenchError('E_NO_CELLS', `scenario ${scenario.name} has no cell this runtime can measure: ${reasons || 'the matrix is empty'}`, { exitCode: 2 });
  }

  const seed = options.seed ?? randomInt(1, 2 ** 31 - 1);
  const random = createRandom(seed);
  const layout = planLayout();
  const loadWorkers = resolveLoadWorkers(settings.loadWorkers, layout.loadCores.length);
  const host = options.host ?? '127.0.0.1';
  const startedAt = new Date();
  const runId = `${scenario.name}-${timestampId(startedAt)}`;
  const dir = resolve(options.outDir ?? join(options.resultsDir ?? 'results', runId));
  mkdirSync(dir, { recursive: true });
  const trialsPath = join(dir, 'trials.jsonl');
  const jsonPath = join(dir, 'run.json');
  writeFileSync(trialsPath, '');

  const runSettings: RunSettings = { ...settings, loadWorkers, quick: options.quick, seed, host };
  let interrupted = false;
  // One controller per run: an interrupt from the caller aborts the current trial's waits, and the
  // trial's processes are killed at once so nothing keeps running while the run winds down.
  const trialAbort = new AbortController();
  const abort = () => {
    interrupted = true;
    trialAbort.abort();
    killAllChildren();
  };
  options.signal?.addEventListener('abort', abort, { once: true });
  if (options.signal?.aborted) abort();
  const store = new PkiStore(options.pkiDir);
  const pkiByCell = new Map<string, Awaited<ReturnType<typeof prepareCellPki>>>();
  const handshakeByCell = new Map<string, CellHandshake>();
  for (const cell of cells) {
    if (interrupted) break;
    pkiByCell.set(cell.id, await prepareCellPki(store, cell));
    handshakeByCell.set(cell.id, await traceCellHandshake(cell, store));
  }

  const totalTrials = cells.length * settings.trials;
  options.onStart?.({ cells, skipped, settings: runSettings, layout: layout.description, dir, totalTrials });
  const trials: TrialRecord[] = [];
  const environment = captureEnvironment();
  try {
    for (let round = 0; round < settings.trials && !interrupted; round++) {
      for (const cell of shuffled(cells, random)) {
        if (interrupted) break;
        const prepared = pkiByCell.get(cell.id)!;
        let trial: TrialRecord;
        try {
          trial = await runTrial({ runId, cell, pki: prepared.pki, crlPath: prepared.crlPath, settings, loadWorkers, host, layout, round, sequence: trials.length, handshake: handshakeByCell.get(cell.id) ?? null, signal: trialAbort.signal });
        } catch (error) {
          if (interrupted) break;
          throw error;
        }
        trials.push(trial);
        appendFileSync(trialsPath, JSON.stringify(trial) + '\n');
        options.onTrial?.(trial, trials.length, totalTrials);
      }
    }
  } finally {
    options.signal?.removeEventListener('abort', abort);
  }

  const { summaries, ratios, warnings } = summarizeRun(cells, trials, scenario.ratios, seed, runSettings);
  const result: RunResult = {
    schemaVersion: 1,
    kind: 'run',
    runId,
    tool: { name: 'mtls-bench', version: TOOL_VERSION, commit: environment.commit },
    scenario: { name: scenario.name, description: scenario.description, hash: loaded.hash, definition: scenario },
    settings: runSettings,
    environment,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    interrupted,
    cells,
    trials,
    summaries,
    ratios,
    warnings: [...skipped.map((entry) => `skipped ${entry.cell.mode}/${entry.cell.serverKey}/${entry.cell.protocol}/resumption=${entry.cell.resumption}: ${entry.reason}`), ...warnings],
  };
  writeFileSync(jsonPath, JSON.stringify(result, null, 2) + '\n');
  return { result, dir, jsonPath, trialsPath };
}
