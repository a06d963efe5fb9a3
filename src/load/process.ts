import { HandshakeDriver } from './handshake-driver.js';
import { KeepAliveDriver } from './keepalive-driver.js';
import type { Driver, LoadCommand, LoadConfig, LoadEvent } from './protocol.js';

/**
 * Entry of a load worker process. The supervisor forks it, pins it to the load cores, sends
 * `configure`, then drives the phases: start (warm-up), measure-begin, measure-end, stop.
 * Nothing is printed: everything travels as typed messages on the IPC channel.
 */

function send(event: LoadEvent): void {
  process.send?.(event);
}

function createDriver(config: LoadConfig): Driver {
  switch (config.cell.workload) {
    case 'handshake':
      return new HandshakeDriver(config);
    case 'keep-alive':
      return new KeepAliveDriver(config);
  }
}

function main(): void {
  // A load worker must never outlive its supervisor.
  process.on('disconnect', () => process.exit(0));
  let driver: Driver | null = null;
  process.on('message', (command: LoadCommand) => {
    try {
      switch (command.type) {
        case 'configure':
          driver = createDriver(command.config);
          send({ type: 'ready' });
          break;
        case 'start':
          driver?.start();
          break;
        case 'measure-begin':
          driver?.beginWindow();
          break;
        case 'measure-end':
          if (driver) send({ type: 'window', counters: driver.endWindow() });
          break;
        case 'stop':
          void driver?.stop().then((completed) => send({ type: 'stopped', completed, memoryRssBytes: process.memoryUsage.rss() }));
          break;
      }
    } catch (error) {
      send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  });
  send({ type: 'hello' });
}

main();
