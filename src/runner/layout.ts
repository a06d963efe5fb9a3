import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import type { CpuLayout } from '../measure/trial.js';

function hasTaskset(): boolean {
  if (process.platform !== 'linux') return false;
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore', timeout: 5_000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * Splits the cores between server and load: the first half (at least one) to the server, the rest
 * to the load workers. With one core, or without taskset, nothing is pinned and the layout description states it.
 */
export function planLayout(cores = availableParallelism()): CpuLayout {
  const all = Array.from({ length: cores }, (_, index) => index);
  if (cores < 2) return { pinned: false, serverCores: all, loadCores: all, description: `not pinned: only ${cores} core, server and load share it` };
  if (!hasTaskset()) return { pinned: false, serverCores: all, loadCores: all, description: 'not pinned: taskset is not available, so server and load share all cores' };
  const serverCount = Math.max(1, Math.floor(cores / 2));
  const serverCores = all.slice(0, serverCount);
  const loadCores = all.slice(serverCount);
  const list = (items: number[]) => (items.length === 1 ? `core ${items[0]}` : `cores ${items[0]}-${items[items.length - 1]}`);
  return { pinned: true, serverCores, loadCores, description: `server on ${list(serverCores)}, load on ${list(loadCores)} (taskset)` };
}
