import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { RESULT_SCHEMA_VERSION, type RunResult } from './result.js';

/**
 * Baselines are whole run results saved under a name, criterion style: `results/baselines/<name>.json`.
 * Saving again under the same name replaces the file.
 */
export const BASELINE_DIR_NAME = 'baselines';

/** File name of the final result inside a run folder. */
export const RUN_FILE_NAME = 'run.json';
export const TRIALS_FILE_NAME = 'trials.jsonl';

const BASELINE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export function baselinePath(name: string, resultsDir: string): string {
  return join(resultsDir, BASELINE_DIR_NAME, `${name}.json`);
}

/** Rejects a baseline name that is not a plain file name; call before a run so a typo does not waste it. */
export function assertBaselineName(name: string): void {
  if (!BASELINE_NAME.test(name)) {
    throw new InputError(`--save-baseline: invalid name "${name}"; use 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit`);
  }
}

/** Writes `result` as baseline `name` (write to a temporary file, then rename, so a crash leaves the old file) and returns its path. */
export async function saveBaseline(result: RunResult, name: string, resultsDir: string): Promise<string> {
  assertBaselineName(name);
  const path = baselinePath(name, resultsDir);
  await mkdir(join(resultsDir, BASELINE_DIR_NAME), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(result, null, 2) + '\n', 'utf8');
  await rename(temporary, path);
  return path;
}

/** Names of the saved baselines in `resultsDir`, sorted; empty when there are none. */
export async function listBaselines(resultsDir: string): Promise<string[]> {
  const entries = await readdir(join(resultsDir, BASELINE_DIR_NAME)).catch(() => [] as string[]);
  return entries.filter((entry) => entry.endsWith('.json')).map((entry) => entry.slice(0, -'.json'.length)).sort();
}

/**
 * Loads a run result from a `run.json` path, a run folder, a baseline name
 * (`<resultsDir>/baselines/<name>.json`) or a run id (`<resultsDir>/<runId>/run.json`), tried in
 * that order. A missing or corrupt file raises InputError (exit status 2) naming the path and the fault.
 */
export async function loadRun(pathOrName: string, resultsDir: string): Promise<RunResult> {
  const path = await resolveRunFile(pathOrName, resultsDir);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    throw new InputError(`invalid run result ${path}: not valid JSON (${(error as Error).message}); the file may be truncated, so rerun the benchmark or save the baseline again`, { cause: error });
  }
  return parseRunResult(path, input);
}

async function resolveRunFile(pathOrName: string, resultsDir: string): Promise<string> {
  const direct = resolve(pathOrName);
  const directKind = await kindOf(direct);
  if (directKind === 'file') return direct;
  if (directKind === 'directory') {
    const runFile = join(direct, RUN_FILE_NAME);
    if ((await kindOf(runFile)) === 'file') return runFile;
    const partial = (await kindOf(join(direct, TRIALS_FILE_NAME))) === 'file' ? ` (it has ${TRIALS_FILE_NAME}, so the run did not finish)` : '';
    throw new InputError(`run folder ${direct} has no ${RUN_FILE_NAME}${partial}; pass a finished run`);
  }

  const candidates = BASELINE_NAME.test(pathOrName) ? [baselinePath(pathOrName, resultsDir), join(resultsDir, pathOrName, RUN_FILE_NAME)] : [];
  for (const candidate of candidates) {
    if ((await kindOf(candidate)) === 'file') return candidate;
  }
  const baselines = await listBaselines(resultsDir);
  const available = baselines.length > 0 ? `saved baselines: ${baselines.join(', ')}` : `no baselines are saved in ${join(resultsDir, BASELINE_DIR_NAME)}`;
  throw new InputError(
    `run or baseline not found: "${pathOrName}" (looked for ${[direct, ...candidates].join(', ')}); ${available}. ` +
      `Save one with \`bench run SCENARIO --save-baseline NAME\`, or pass a run folder or its ${RUN_FILE_NAME}`,
  );
}

async function kindOf(path: string): Promise<'file' | 'directory' | null> {
  const info = await stat(path).catch(() => null);
  if (!info) return null;
  return info.isDirectory() ? 'directory' : 'file';
}

const cellShape = z.looseObject({
  id: z.string(),
  mode: z.string(),
  serverKey: z.string(),
  clientKey: z.string(),
  protocol: z.string(),
  resumption: z.string(),
  workload: z.string(),
});

const metricsShape = z.record(z.string(), z.number().nullable());

/**
 * The fields that compare and export read. Unknown fields pass through, so files from newer minor
 * versions of the tool still load.
 */
const runShape = z.looseObject({
  schemaVersion: z.number().int(),
  kind: z.literal('run'),
  runId: z.string(),
  scenario: z.looseObject({ name: z.string(), hash: z.string() }),
  settings: z.looseObject({ seed: z.number(), trials: z.number() }),
  environment: z.looseObject({ node: z.string(), openssl: z.string(), cpuModel: z.string(), cores: z.number() }),
  startedAt: z.string(),
  cells: z.array(cellShape),
  trials: z.array(
    z.looseObject({
      cellId: z.string(),
      cell: cellShape,
      sequence: z.number(),
      round: z.number(),
      startedAt: z.string(),
      valid: z.boolean(),
      metrics: metricsShape,
      flags: z.array(z.looseObject({ code: z.string(), severity: z.string(), message: z.string() })),
    }),
  ),
  summaries: z.array(z.looseObject({ cellId: z.string(), cell: cellShape, trials: z.number(), validTrials: z.number(), metrics: z.record(z.string(), z.looseObject({ median: z.number().nullable() })) })),
  ratios: z.array(z.looseObject({})),
  warnings: z.array(z.string()),
});

/** Checks that `input` is a run result this version can read; returns it unchanged (unknown fields kept). */
export function parseRunResult(path: string, input: unknown): RunResult {
  if (typeof input === 'object' && input !== null && 'schemaVersion' in input && typeof input.schemaVersion === 'number' && input.schemaVersion !== RESULT_SCHEMA_VERSION) {
    throw new InputError(`${path}: schemaVersion ${input.schemaVersion} is not supported (this mtls-bench reads version ${RESULT_SCHEMA_VERSION}); use the mtls-bench version that wrote it`);
  }
  const parsed = runShape.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 3).map((issue) => `${issue.path.join('.') || '(top level)'}: ${issue.message}`);
    const more = parsed.error.issues.length > 3 ? ` and ${parsed.error.issues.length - 3} more` : '';
    throw new InputError(`invalid run result ${path}: ${problems.join('; ')}${more}; expected a run.json written by \`bench run\``);
  }
  return input as RunResult;
}
