import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { BUILTIN_SCENARIO_DIR } from '../src/scenario/load.js';
import { runCli, tempDir } from './helpers/cli.js';

const base = JSON.parse(readFileSync(join(BUILTIN_SCENARIO_DIR, 'mutual-vs-oneway.json'), 'utf8')) as Record<string, any>;

/** Writes a scenario derived from the built-in one, changed by `edit`, and runs it. */
async function runEdited(edit: (scenario: Record<string, any>) => void) {
  const dir = tempDir('scenario');
  const scenario = structuredClone(base);
  edit(scenario);
  const path = join(dir, 'edited.json');
  writeFileSync(path, JSON.stringify(scenario));
  const result = await runCli(['run', path, '--results-dir', join(dir, 'results')], { timeoutMs: 30_000 });
  let written: string[] = [];
  try {
    written = readdirSync(join(dir, 'results'));
  } catch {
    // No results folder: nothing ran, as expected.
  }
  return { ...result, written };
}

const cases: { name: string; edit: (scenario: Record<string, any>) => void; expected: RegExp[] }[] = [
  { name: 'unknown key type', edit: (s) => (s.matrix.serverKey = ['ecdsa-p256', 'rsa-1024']), expected: [/matrix\.serverKey\[1\]/, /"rsa-1024"/, /rsa-2048, rsa-3072, rsa-4096, ecdsa-p256, ecdsa-p384, ed25519/] },
  { name: 'unknown mode', edit: (s) => (s.matrix.mode = ['two-way']), expected: [/matrix\.mode\[0\]/, /"two-way"/, /one-way, mutual/] },
  { name: 'unknown protocol', edit: (s) => (s.matrix.protocol = ['TLSv1.1']), expected: [/matrix\.protocol\[0\]/, /"TLSv1\.1"/, /TLSv1\.2, TLSv1\.3/] },
  { name: 'negative duration', edit: (s) => (s.settings.durationSeconds = -1), expected: [/settings\.durationSeconds/, /-1/] },
  { name: 'missing field', edit: (s) => delete s.matrix.workload, expected: [/matrix\.workload/, /missing/] },
  { name: 'unknown field', edit: (s) => (s.settings.durationSecs = 3), expected: [/durationSecs/, /accepted fields: .*durationSeconds/] },
];

for (const { name, edit, expected } of cases) {
  test(`scenario with ${name} exits 2 naming the field`, async () => {
    const result = await runEdited(edit);
    assert.equal(result.status, 2, result.stderr);
    for (const pattern of expected) assert.match(result.stderr, pattern);
    assert.deepEqual(result.written, []);
  });
}

test('bad command-line value exits 2 naming the option', async () => {
  const result = await runCli(['run', 'mutual-vs-oneway', '--trials', '0'], { timeoutMs: 30_000 });
  assert.equal(result.status, 2);
  assert.match(result.stderr, /--trials/);
});

test('unknown scenario name lists the available ones', async () => {
  const result = await runCli(['run', 'no-such-scenario'], { timeoutMs: 30_000 });
  assert.equal(result.status, 2);
  assert.match(result.stderr, /available scenarios: .*mutual-vs-oneway/);
});
