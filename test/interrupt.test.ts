import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RunResult } from '../src/report/result.js';
import { startCli, tempDir } from './helpers/cli.js';

/** PIDs of every descendant of `pid`, read from /proc (Linux). */
function descendants(pid: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name is in parentheses and may hold spaces; the parent PID is the second field after it.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(entry), Number(fields[1]));
    } catch {
      // The process ended while we read the table.
    }
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const parent = queue.shift()!;
    for (const [child, ppid] of parents) {
      if (ppid === parent) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

/** True while `pid` runs. A zombie has exited and waits only for init to reap it, so it does not count. */
function isAlive(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

test('SIGINT during a run leaves no child process and keeps finished trials', { skip: process.platform !== 'linux' && 'reads /proc' }, async () => {
  const resultsDir = tempDir('interrupt');
  // Long measured windows, so the interrupt lands inside a trial (the case that once crashed the CLI).
  const cli = startCli(['run', 'mutual-vs-oneway', '--trials', '3', '--duration', '2', '--warmup', '0.5', '--server-workers', '2', '--results-dir', resultsDir]);
  let stderr = '';
  cli.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => cli.on('close', (status) => resolve(status)));

  // Wait (at most 30 s, for a slow machine generating certificates) until one trial finished and the next one's processes are running.
  let children: number[] = [];
  for (let attempt = 0; attempt < 300; attempt++) {
    await sleep(100);
    const runs = readdirSync(resultsDir).filter((name) => name.startsWith('mutual-vs-oneway-'));
    const trials = runs.length > 0 ? readFileSync(join(resultsDir, runs[0]!, 'trials.jsonl'), 'utf8').trim() : '';
    children = descendants(cli.pid!);
    if (trials.length > 0 && children.length >= 3) break;
  }
  // Load workers start after the server; give them time to be in their measured window.
  await sleep(1000);
  assert.ok(children.length >= 2, `no trial processes seen; stderr: ${stderr}`);

  cli.kill('SIGINT');
  const status = await exited;
  assert.equal(status, 130, stderr);
  assert.doesNotMatch(stderr, /ERR_IPC_CHANNEL_CLOSED|Unhandled/);
  await sleep(200);
  assert.deepEqual(children.filter(isAlive), []);

  const runs = readdirSync(resultsDir).filter((name) => name.startsWith('mutual-vs-oneway-'));
  const result = JSON.parse(readFileSync(join(resultsDir, runs[0]!, 'run.json'), 'utf8')) as RunResult;
  assert.equal(result.interrupted, true);
  assert.ok(result.trials.length >= 1);
});
