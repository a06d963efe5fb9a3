import cluster, { type Worker } from 'node:cluster';
import type { ServerCounters } from '../measure/trial.js';
import { CountingHttpsServer } from './https-server.js';
import { mergeServerCounters, type ServerCommand, type ServerConfig, type ServerEvent } from './protocol.js';
import { SessionStore, localSessionCache, type SessionCache } from './session-store.js';

/**
 * Entry of a server process. The supervisor forks it, pins it to the server cores, then sends
 * `configure`. With one worker the process serves itself; with more it becomes a node:cluster primary
 * whose workers inherit its CPU affinity and share the listening socket. Either way the supervisor
 * talks to one process with the same messages, and counters and CPU time cover every process.
 */

function send(event: ServerEvent): void {
  process.send?.(event);
}

function failed(error: unknown): void {
  send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
}

/**
 * Session cache of a cluster worker: sessions live in the primary, so a session created by one worker
 * resumes on every other. Each lookup is one IPC round trip, the price of any shared cache.
 */
function primarySessionCache(): SessionCache {
  let nextRequestId = 0;
  const pending = new Map<number, (data: Buffer | null) => void>();
  process.on('message', (command: ServerCommand) => {
    if (command.type !== 'session-found') return;
    pending.get(command.requestId)?.(command.data === null ? null : Buffer.from(command.data, 'base64'));
    pending.delete(command.requestId);
  });
  return {
    store: (id, data) => send({ type: 'session-new', id: id.toString('hex'), data: data.toString('base64') }),
    lookup: (id, callback) => {
      const requestId = nextRequestId++;
      pending.set(requestId, callback);
      send({ type: 'session-lookup', requestId, id: id.toString('hex') });
    },
  };
}

/** Serves in this process and replies to commands from `onCommand`'s source with `reply`. */
async function runWorker(config: ServerConfig, sessions: SessionCache, reply: (event: ServerEvent) => void, onCommand: (handler: (command: ServerCommand) => void) => void): Promise<void> {
  const server = new CountingHttpsServer(config, sessions);
  // In a cluster, port 0 is shared: every worker is handed the same listening socket by the primary.
  const port = await server.listen(config.host, 0);
  onCommand((command) => {
    switch (command.type) {
      case 'measure-begin':
        server.beginWindow();
        break;
      case 'measure-end':
        reply({ type: 'window', counters: server.endWindow() });
        break;
      case 'totals':
        reply({ type: 'totals', counters: server.totals() });
        break;
      case 'shutdown':
        void server.close().then(() => process.exit(0));
        break;
      case 'configure':
      case 'session-found':
        break;
    }
  });
  reply({ type: 'listening', port, pids: [process.pid] });
}

/** Collects one reply of `type` from every worker. */
function gather(workers: readonly Worker[], type: 'window' | 'totals', command: ServerCommand): Promise<ServerCounters[]> {
  return Promise.all(
    workers.map(
      (worker) =>
        new Promise<ServerCounters>((resolve) => {
          const onMessage = (event: ServerEvent) => {
            if (event.type !== type) return;
            worker.off('message', onMessage);
            resolve(event.counters);
          };
          worker.on('message', onMessage);
          worker.send(command);
        }),
    ),
  );
}

async function runPrimary(config: ServerConfig): Promise<void> {
  const workers: Worker[] = [];
  const listening: Promise<{ port: number; pid: number }>[] = [];
  const sessions = new SessionStore();
  for (let i = 0; i < config.workers; i++) {
    const worker = cluster.fork({ MTLS_BENCH_SERVER_WORKER: '1' });
    workers.push(worker);
    listening.push(
      new Promise((resolve, reject) => {
        worker.on('message', (event: ServerEvent) => {
          if (event.type === 'hello') worker.send({ type: 'configure', config } satisfies ServerCommand);
          if (event.type === 'session-new') sessions.set(event.id, Buffer.from(event.data, 'base64'));
          if (event.type === 'session-lookup') worker.send({ type: 'session-found', requestId: event.requestId, data: sessions.get(event.id)?.toString('base64') ?? null } satisfies ServerCommand);
          if (event.type === 'listening') resolve({ port: event.port, pid: worker.process.pid ?? 0 });
          if (event.type === 'failed') reject(new Error(event.message));
        });
        worker.on('exit', (code) => reject(new Error(`server worker exited with status ${code} before listening`)));
      }),
    );
  }
  const ready = await Promise.all(listening);
  let primaryCpu = process.cpuUsage();
  let primaryStart = process.hrtime.bigint();

  process.on('message', async (command: ServerCommand) => {
    switch (command.type) {
      case 'measure-begin':
        primaryCpu = process.cpuUsage();
        primaryStart = process.hrtime.bigint();
        for (const worker of workers) worker.send(command);
        break;
      case 'measure-end': {
        const parts = await gather(workers, 'window', command);
        const cpu = process.cpuUsage(primaryCpu);
        const merged = mergeServerCounters(parts);
        // The primary accepts connections and hands them to workers (round-robin), so its CPU is server cost too.
        send({ type: 'window', counters: { ...merged, cpuUs: merged.cpuUs + cpu.user + cpu.system, elapsedMs: Number(process.hrtime.bigint() - primaryStart) / 1e6 } });
        break;
      }
      case 'totals': {
        const merged = mergeServerCounters(await gather(workers, 'totals', command));
        const cpu = process.cpuUsage();
        send({ type: 'totals', counters: { ...merged, cpuUs: merged.cpuUs + cpu.user + cpu.system } });
        break;
      }
      case 'shutdown':
        for (const worker of workers) worker.send(command);
        cluster.disconnect(() => process.exit(0));
        break;
      case 'configure':
      case 'session-found':
        break;
    }
  });
  send({ type: 'listening', port: ready[0]?.port ?? 0, pids: [process.pid, ...ready.map((entry) => entry.pid)] });
}

function main(): void {
  // A server must never outlive its supervisor: when the IPC channel closes, the process exits.
  process.on('disconnect', () => process.exit(0));
  process.once('message', (command: ServerCommand) => {
    if (command.type !== 'configure') return failed(new Error(`expected configure, received ${command.type}`));
    const config = command.config;
    const isClusterWorker = process.env.MTLS_BENCH_SERVER_WORKER === '1';
    const start = config.workers > 1 && !isClusterWorker
      ? runPrimary(config)
      : runWorker(config, isClusterWorker ? primarySessionCache() : localSessionCache(), send, (handler) => process.on('message', handler));
    start.catch((error: unknown) => {
      failed(error);
      process.exit(1);
    });
  });
  send({ type: 'hello' });
}

main();
