import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../errors.js';
import { parseScenario, type Scenario } from './schema.js';

/** The `scenarios/` folder shipped with the package (two levels above `dist/src/scenario`). */
export const BUILTIN_SCENARIO_DIR = fileURLToPath(new URL('../../../scenarios/', import.meta.url));

export interface LoadedScenario {
  scenario: Scenario;
  path: string;
  /** SHA-256 of the file's bytes, recorded in results so a baseline can tell the scenario changed. */
  hash: string;
}

/** Resolves a scenario by name (`mutual-vs-oneway`) in the built-in folder, or by file path. */
export async function loadScenario(nameOrPath: string): Promise<LoadedScenario> {
  const looksLikePath = nameOrPath.includes('/') || extname(nameOrPath) === '.json';
  const path = looksLikePath ? resolve(nameOrPath) : join(BUILTIN_SCENARIO_DIR, `${nameOrPath}.json`);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const known = (await listScenarioFiles()).map((file) => basename(file, '.json'));
    throw new InputError(`scenario not found: ${nameOrPath} (looked for ${path}); available scenarios: ${known.join(', ')}`, { cause: error });
  }
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    throw new InputError(`invalid scenario ${path}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
  return { scenario: parseScenario(path, input), path, hash: createHash('sha256').update(text).digest('hex') };
}

export async function listScenarioFiles(): Promise<string[]> {
  const entries = await readdir(BUILTIN_SCENARIO_DIR).catch(() => [] as string[]);
  return entries.filter((entry) => entry.endsWith('.json')).sort().map((entry) => join(BUILTIN_SCENARIO_DIR, entry));
}
