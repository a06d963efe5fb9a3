import { z } from 'zod';
import { InputError } from '../errors.js';
import { CELL_AXES, KEY_TYPES, MODES, PROTOCOLS, RESUMPTIONS, REVOCATIONS, WORKLOADS } from './vocabulary.js';

const nonEmpty = <T extends z.ZodType>(item: T) => z.array(item).min(1);

const Matrix = z.strictObject({
  mode: nonEmpty(z.enum(MODES)),
  serverKey: nonEmpty(z.enum(KEY_TYPES)),
  /** Absent: each cell's client key type equals its server key type. */
  clientKey: nonEmpty(z.enum(KEY_TYPES)).optional(),
  /** Absent: each leaf is issued by a CA of its own key type. */
  caKey: nonEmpty(z.enum(KEY_TYPES)).optional(),
  protocol: nonEmpty(z.enum(PROTOCOLS)),
  resumption: nonEmpty(z.enum(RESUMPTIONS)).default(['none']),
  workload: nonEmpty(z.enum(WORKLOADS)),
  ciphers: nonEmpty(z.string().min(1)).optional(),
  revocation: nonEmpty(z.enum(REVOCATIONS)).default(['none']),
  revokedCount: nonEmpty(z.number().int().nonnegative()).default([0]),
});

const positiveSeconds = z.number().positive().max(3600);

/** Measurement settings without defaults: the shape of `quick` presets and command-line overrides. */
const SettingsFields = {
  trials: z.number().int().min(1).max(1000),
  warmupSeconds: z.number().nonnegative().max(600),
  durationSeconds: positiveSeconds,
  concurrency: z.number().int().min(1).max(4096),
  loadWorkers: z.union([z.literal('auto'), z.number().int().min(1).max(256)]),
  serverWorkers: z.number().int().min(1).max(256),
};
const SettingsOverrideSchema = z.strictObject(SettingsFields).partial();

/** Measurement settings; every field has a default so a scenario names only what it changes. */
export const SettingsSchema = z.strictObject({
  trials: SettingsFields.trials.default(5),
  warmupSeconds: SettingsFields.warmupSeconds.default(1),
  durationSeconds: SettingsFields.durationSeconds.default(3),
  concurrency: SettingsFields.concurrency.default(8),
  loadWorkers: SettingsFields.loadWorkers.default('auto'),
  serverWorkers: SettingsFields.serverWorkers.default(1),
});

const Ratio = z.strictObject({
  axis: z.enum(CELL_AXES),
  numerator: z.union([z.string(), z.number()]),
  denominator: z.union([z.string(), z.number()]),
});

export const ScenarioSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lowercase letters, digits and dashes'),
  description: z.string().min(1),
  matrix: Matrix,
  settings: SettingsSchema.default(SettingsSchema.parse({})),
  /** Settings `--quick` applies over `settings`: short CI smoke runs that still check validity. */
  quick: SettingsOverrideSchema.default({ trials: 2, warmupSeconds: 0.5, durationSeconds: 1.5 }),
  /** Ratios to report; the default is mutual / one-way. */
  ratios: z.array(Ratio).default([{ axis: 'mode', numerator: 'mutual', denominator: 'one-way' }]),
  /**
   * Terminal layout. `by-group` prints one table per group of cells, with a row per metric.
   * `by-metric` prints one table per headline metric with a row per ratio pair, for scenarios that vary one axis widely.
   */
  layout: z.enum(['by-group', 'by-metric']).default('by-group'),
});

export type Scenario = z.output<typeof ScenarioSchema>;
export type Settings = z.output<typeof SettingsSchema>;

/** Field names accepted at a path, for "unknown field" messages. */
function acceptedFields(path: readonly PropertyKey[]): string[] | null {
  const [first] = path;
  if (path.length === 0) return Object.keys(ScenarioSchema.shape);
  if (path.length !== 1) return null;
  if (first === 'matrix') return Object.keys(Matrix.shape);
  if (first === 'settings' || first === 'quick') return Object.keys(SettingsSchema.shape);
  return null;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  return JSON.stringify(value);
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text ? `.${String(key)}` : String(key);
  }
  return text;
}

/** Turns zod issues into one line each: field, bad value, and what is accepted. */
export function formatIssues(source: string, input: unknown, issues: readonly z.core.$ZodIssue[], fieldNames: Record<string, string> = {}): string {
  const lines = issues.map((issue) => {
    const path = formatPath(issue.path);
    const field = fieldNames[path] ?? (path || '(top level)');
    const value = describeValue(valueAt(input, issue.path));
    switch (issue.code) {
      case 'invalid_value':
        return `${field}: invalid value ${value}; accepted values: ${issue.values.map(String).join(', ')}`;
      case 'unrecognized_keys': {
        const accepted = acceptedFields(issue.path);
        const names = `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`;
        return accepted ? `${field}: ${names}; accepted fields: ${accepted.join(', ')}` : `${field}: ${names}`;
      }
      case 'invalid_type':
        return value === 'missing' ? `${field}: missing; expected ${issue.expected}` : `${field}: invalid value ${value}; expected ${issue.expected}`;
      default:
        return `${field}: invalid value ${value}; ${issue.message.replace(/^Too (small|big): /, '')}`;
    }
  });
  return `invalid scenario ${source}:\n  ${lines.join('\n  ')}`;
}

export function parseScenario(source: string, input: unknown): Scenario {
  const result = ScenarioSchema.safeParse(input);
  if (!result.success) throw new InputError(formatIssues(source, input, result.error.issues));
  return result.data;
}

/** The command-line flag of each setting, so option errors name what the user typed. */
const OPTION_NAMES: Record<string, string> = {
  trials: '--trials',
  warmupSeconds: '--warmup',
  durationSeconds: '--duration',
  concurrency: '--concurrency',
  loadWorkers: '--load-workers',
  serverWorkers: '--server-workers',
};

/** Validates command-line overrides with the same rules as scenario settings. */
export function parseSettingsOverride(input: Record<string, unknown>): Partial<Settings> {
  const result = SettingsOverrideSchema.safeParse(input);
  if (!result.success) throw new InputError(formatIssues('options', input, result.error.issues, OPTION_NAMES).replace('invalid scenario options', 'invalid options'));
  return result.data;
}
