import { HandshakeDriver } from './handshake-driver.js';
import { KeepAliveDriver } from './keepalive-driver.js';
import type { Driver, LoadConfig } from './protocol.js';
import { serveLoadDriver } from './serve.js';

/**
 * Entry of a load worker process. The supervisor forks it, pins it to the load cores, sends
 * `configure`, then drives the phases over IPC (see `serveLoadDriver`).
 */
function createDriver(config: LoadConfig): Driver {
  switch (config.cell.workload) {
    case 'handshake':
      return new HandshakeDriver(config);
    case 'keep-alive':
      return new KeepAliveDriver(config);
  }
}

serveLoadDriver(createDriver);
