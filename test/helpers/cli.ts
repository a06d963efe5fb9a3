import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The compiled CLI entry, as `npx bench` runs it. */
export const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

const createdDirs: string[] = [];
// Temporary folders hold run results and test keys; they go when the test file's process exits.
process.on('exit', () => {
  for (const dir of createdDirs) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `mtls-bench-${prefix}-`));
  createdDirs.push(dir);
  return dir;
}

/** One certificate cache for every test file in a process, so each key type is generated once. */
export const TEST_PKI_DIR = process.env.MTLS_BENCH_PKI_DIR ?? join(tmpdir(), 'mtls-bench-test-pki');

export interface CliResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts the CLI with the test certificate cache; the caller decides when it ends. */
export function startCli(args: readonly string[], options: { cwd?: string } = {}): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], {
    cwd: options.cwd,
    env: { ...process.env, MTLS_BENCH_PKI_DIR: TEST_PKI_DIR, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs the CLI to completion, killing it after `timeoutMs` so a hang fails the test instead of the suite. */
export function runCli(args: readonly string[], options: { cwd?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  const child = startCli(args, options);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
  return new Promise((resolve) => {
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr });
    });
  });
}
