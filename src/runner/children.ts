import { execFile, fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { BenchError } from '../errors.js';

/**
 * Every child process the runner starts, so that an interrupt or a failure can stop them all by PID.
 * Children also exit by themselves when their IPC channel closes, so a killed CLI leaves none behind.
 */
const live = new Set<ChildProcess>();
const labels = new WeakMap<ChildProcess, { label: string; stderr: string }>();

/** How long a child gets to exit after `shutdown` before it is killed. */
const EXIT_GRACE_MS = 3_000;

export function forkChild(entry: URL, label: string): ChildProcess {
  // stdout is ignored (children never print results); stderr is kept for the error message if one dies.
  const child = fork(entry, [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'json' });
  const info = { label, stderr: '' };
  labels.set(child, info);
  child.stderr?.on('data', (chunk: Buffer) => {
    info.stderr = (info.stderr + chunk.toString()).slice(-4000);
  });
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

function describe(child: ChildProcess): string {
  const info = labels.get(child);
  const stderr = info?.stderr.trim();
  const name = `${info?.label ?? 'child process'} (pid ${child.pid})`;
  return stderr ? `${name}: ${stderr.split('\n').slice(-5).join(' | ')}` : name;
}

/** Waits for the first message of `type`, failing on a `failed` message, an exit, or the timeout. */
export function waitForMessage<T extends { type: string }, K extends T['type']>(child: ChildProcess, type: K, timeoutMs: number, step: string): Promise<Extract<T, { type: K }>> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    const onMessage = (message: T) => {
      if (message.type === type) {
        cleanup();
        resolve(message as Extract<T, { type: K }>);
      } else if (message.type === 'failed') {
        cleanup();
        reject(new BenchError('E_CHILD_FAILED', `${step} failed: ${(message as unknown as { message: string }).message}`));
      }
    };
    const onExit = (code: number | null, signal: string | null) => {
      cleanup();
      reject(new BenchError('E_CHILD_EXITED', `${step}: ${describe(child)} exited (status ${code ?? signal}) before replying`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new BenchError('E_CHILD_TIMEOUT', `${step}: ${describe(child)} did not reply within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** Asks a child to shut down, then kills it if it has not exited within the grace period. */
export async function stopChild(child: ChildProcess, shutdown?: object): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  if (shutdown && child.connected) child.send(shutdown, () => undefined);
  else child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), EXIT_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

/** Kills every live child at once (SIGKILL), for an interrupt. Returns how many were alive. */
export function killAllChildren(): number {
  const count = live.size;
  for (const child of live) child.kill('SIGKILL');
  return count;
}

/** Pins a process and all its threads to `cores` with taskset; returns false when that failed. */
export async function pinProcess(pid: number, cores: readonly number[]): Promise<boolean> {
  return new Promise((resolve) => {
    execFile('taskset', ['-a', '-p', '-c', cores.join(','), String(pid)], { timeout: 5_000 }, (error) => resolve(!error));
  });
}
