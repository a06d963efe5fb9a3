import type { Driver, LoadCommand, LoadConfig, LoadEvent } from './protocol.js';

function send(event: LoadEvent): void {
  process.send?.(event);
}

/**
 * Runs the load worker side of the IPC protocol around any driver: `hello` first, then configure,
 * start (warm-up), measure-begin, measure-end and stop. The harness's load process and the overhead
 * benchmark's bare client share it, so both speak exactly the same messages. Nothing is printed.
 */
export function serveLoadDriver(createDriver: (config: LoadConfig) => Driver): void {
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
