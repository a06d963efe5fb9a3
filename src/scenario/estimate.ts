import type { Scenario, Settings } from './schema.js';
import { expandMatrix } from './matrix.js';

/**
 * Fixed cost of one trial beyond warm-up and measurement: starting the server and load processes,
 * draining connections and stopping them. About 0.6 s on a 2-core machine; an estimate, not a promise.
 */
const TRIAL_OVERHEAD_SECONDS = 0.6;
/** One traced handshake per cell before the trials (a child process with OpenSSL's trace), about 0.3 s. */
const CELL_OVERHEAD_SECONDS = 0.3;

export function resolveSettings(scenario: Scenario, quick: boolean, overrides: Partial<Settings> = {}): Settings {
  return { ...scenario.settings, ...(quick ? scenario.quick : {}), ...overrides };
}

/** Estimated wall time of a run in seconds, from the cell count and the per-trial settings. */
export function estimateSeconds(scenario: Scenario, settings: Settings): number {
  const cells = expandMatrix(scenario).cells.length;
  return cells * (CELL_OVERHEAD_SECONDS + settings.trials * (settings.warmupSeconds + settings.durationSeconds + TRIAL_OVERHEAD_SECONDS));
}
