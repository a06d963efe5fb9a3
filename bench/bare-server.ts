import { createServer } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { emptyServerCounters, type ServerCommand, type ServerConfig, type ServerEvent } from '../src/server/protocol.js';
import { readServerMaterial, serverTlsOptions } from '../src/server/tls-options.js';

/**
 * Entry of the overhead benchmark's bare server: `https.createServer` with the harness's TLS options
 * and response, and nothing more than one handshake counter (plus verified clients, which the mutual
 * validity rule needs) and process.cpuUsage() windows. It speaks the server IPC messages, so
 * `runTrial` forks it in place of the harness's server.
 */

const RESPONSE_BODY = Buffer.from('ok\n');

function send(event: ServerEvent): void {
  process.send?.(event);
}

function serve(config: ServerConfig): void {
  let windowHandshakes = 0;
  let windowVerified = 0;
  let totalHandshakes = 0;
  let totalVerified = 0;
  let windowCpu = process.cpuUsage();
  let windowStart = process.hrtime.bigint();

  // The harness server's TLS options, ticket keys and TCP_NODELAY, so both servers do the same TLS work.
  const material = readServerMaterial(config.pki, config.crlPath);
  const options = { ...serverTlsOptions(config.cell, material, Buffer.from(config.ticketKeys, 'hex')), noDelay: true };
  const server = createServer(options, (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/plain', 'content-length': RESPONSE_BODY.length });
    response.end(RESPONSE_BODY);
  });
  server.on('secureConnection', (socket: TLSSocket) => {
    windowHandshakes++;
    totalHandshakes++;
    if (socket.authorized) {
      windowVerified++;
      totalVerified++;
    }
  });

  const counters = (handshakes: number, verified: number, cpu: NodeJS.CpuUsage, elapsedMs: number) => ({
    ...emptyServerCounters(),
    handshakes,
    verifiedClientCerts: verified,
    cpuUs: cpu.user + cpu.system,
    elapsedMs,
  });

  process.on('message', (command: ServerCommand) => {
    switch (command.type) {
      case 'measure-begin':
        windowHandshakes = 0;
        windowVerified = 0;
        windowCpu = process.cpuUsage();
        windowStart = process.hrtime.bigint();
        break;
      case 'measure-end': {
        const elapsedMs = Number(process.hrtime.bigint() - windowStart) / 1e6;
        send({ type: 'window', counters: counters(windowHandshakes, windowVerified, process.cpuUsage(windowCpu), elapsedMs) });
        break;
      }
      case 'totals':
        send({ type: 'totals', counters: counters(totalHandshakes, totalVerified, process.cpuUsage(), 0) });
        break;
      case 'shutdown':
        server.close(() => process.exit(0));
        server.closeAllConnections();
        break;
      case 'configure':
        break;
    }
  });

  server.once('error', (error) => {
    send({ type: 'failed', message: error.message });
    process.exit(1);
  });
  server.listen({ host: config.host, port: 0 }, () => {
    const address = server.address();
    send({ type: 'listening', port: typeof address === 'object' && address ? address.port : 0, pids: [process.pid] });
  });
}

function main(): void {
  // Like the harness's children, exit when the supervisor's IPC channel closes.
  process.on('disconnect', () => process.exit(0));
  process.once('message', (command: ServerCommand) => {
    if (command.type !== 'configure') {
      send({ type: 'failed', message: `expected configure, received ${command.type}` });
      return;
    }
    try {
      serve(command.config);
    } catch (error) {
      send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
      process.exit(1);
    }
  });
  send({ type: 'hello' });
}

main();
