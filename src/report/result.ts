import type { Environment, FlagCode, TrialRecord } from '../measure/trial.js';
import type { MetricKey } from '../measure/metrics.js';
import type { Cell, CellAxis } from '../scenario/vocabulary.js';
import type { RatioSummary, Summary } from '../stats/summary.js';

/**
 * Version of the run JSON. Readers accept any file with the same major version and ignore fields
 * they do not know. A change that removes or redefines a field bumps it.
 */
export const RESULT_SCHEMA_VERSION = 1;

/** Settings a run used after defaults, scenario file and command line were merged. */
export interface RunSettings {
  trials: number;
  warmupSeconds: number;
  durationSeconds: number;
  /** Concurrent connections per load worker. */
  concurrency: number;
  loadWorkers: number;
  serverWorkers: number;
  quick: boolean;
  seed: number;
  host: string;
}

export interface CellSummary {
  cellId: string;
  cell: Cell;
  trials: number;
  validTrials: number;
  /** Flag codes raised on this cell's trials, with how many trials raised each. */
  flags: Partial<Record<FlagCode, number>>;
  /** Summaries over valid trials only. A cell with no valid trial summarizes all trials, and its `flags` show why. */
  metrics: Partial<Record<MetricKey, Summary>>;
}

/** A ratio between two cells that differ only along one axis (mutual / one-way by default). */
export interface CellRatio {
  axis: CellAxis;
  numerator: string;
  denominator: string;
  numeratorCellId: string;
  denominatorCellId: string;
  metrics: Partial<Record<MetricKey, RatioSummary>>;
}

export interface RunResult {
  schemaVersion: number;
  kind: 'run';
  runId: string;
  tool: { name: 'mtls-bench'; version: string; commit: string | null };
  scenario: { name: string; description: string; hash: string; definition: unknown };
  settings: RunSettings;
  environment: Environment;
  startedAt: string;
  finishedAt: string;
  /** True when the run was stopped (Ctrl-C) before every trial finished. */
  interrupted: boolean;
  cells: Cell[];
  trials: TrialRecord[];
  summaries: CellSummary[];
  ratios: CellRatio[];
  warnings: string[];
}
