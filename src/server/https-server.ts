import { createServer, type Server } from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { ServerCounters } from '../measure/trial.js';
import { keyTypeOf } from '../pki/keys.js';
import { emptyServerCounters } from './protocol.js';
import type { ServerConfig } from './protocol.js';
import { localSessionCache, type SessionCache } from './session-store.js';
import { readServerMaterial, serverTlsOptions } from './tls-options.js';

/** The fixed response body: small, so a handshake-workload trial measures the handshake, not the transfer. */
export const RESPONSE_BODY = Buffer.from('ok\n');

function increment(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/**
 * One HTTPS server with the counters the validity checks need. Every handshake updates two sets of
 * counters: the measured window's (reset at `beginWindow`) and the whole trial's, which the
 * supervisor compares with the clients' total to prove both sides counted the same handshakes.
 */
export class CountingHttpsServer {
  readonly server: Server;
  #window: ServerCounters = emptyServerCounters();
  readonly #total: ServerCounters = emptyServerCounters();
  #windowStart = process.hrtime.bigint();
  #windowCpu = process.cpuUsage();
  /** Key type of the first client certificate of the trial; null until a mutual handshake completed. */
  #clientKeyType: string | null = null;

  constructor(config: ServerConfig, sessions: SessionCache = localSessionCache()) {
    const material = readServerMaterial(config.pki, config.crlPath);
    // TCP_NODELAY: without it the response can wait behind the session tickets for a delayed ACK (~40 ms).
    const options = { ...serverTlsOptions(config.cell, material, Buffer.from(config.ticketKeys, 'hex')), noDelay: true };
    this.server = createServer(options, (request, response) => {
      this.#window.requests++;
      this.#total.requests++;
      response.writeHead(200, { 'content-type': 'text/plain', 'content-length': RESPONSE_BODY.length });
      response.end(RESPONSE_BODY);
    });
    // Keep-alive clients hold their connections for the whole trial; the default 5 s timeout would cut them.
    this.server.keepAliveTimeout = 120_000;
    this.server.on('secureConnection', (socket: TLSSocket) => this.#onHandshake(socket));
    if (config.cell.resumption === 'session-id') {
      this.server.on('newSession', (id: Buffer, data: Buffer, done: () => void) => {
        sessions.store(id, data);
        done();
      });
      this.server.on('resumeSession', (id: Buffer, done: (error: Error | null, data: Buffer | null) => void) => sessions.lookup(id, (data) => done(null, data)));
    }
    this.server.on('tlsClientError', (error: NodeJS.ErrnoException) => {
      const code = error.code ?? 'UNKNOWN';
      increment(this.#window.errors, code);
      increment(this.#total.errors, code);
    });
  }

  #onHandshake(socket: TLSSocket): void {
    const protocol = socket.getProtocol() ?? 'unknown';
    const cipher = socket.getCipher().name;
    const resumed = socket.isSessionReused();
    // With rejectUnauthorized the handshake fails unless the chain verified, so `authorized` is the proof.
    const verified = socket.authorized === true;
    for (const counters of [this.#window, this.#total]) {
      counters.handshakes++;
      if (resumed) counters.resumed++;
      if (verified) counters.verifiedClientCerts++;
      increment(counters.protocols, protocol);
      increment(counters.ciphers, cipher);
    }
    // Parsing the peer certificate costs CPU, so only the first verified handshake of the trial samples its key type.
    if (verified && this.#clientKeyType === null) {
      const peer = socket.getPeerX509Certificate();
      if (peer) this.#clientKeyType = keyTypeOf({ asymmetricKeyType: peer.publicKey.asymmetricKeyType, ...peer.publicKey.asymmetricKeyDetails }) ?? 'unknown';
    }
  }

  listen(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen({ host, port }, () => {
        this.server.off('error', reject);
        const address = this.server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  }

  beginWindow(): void {
    this.#window = emptyServerCounters();
    this.#windowStart = process.hrtime.bigint();
    this.#windowCpu = process.cpuUsage();
  }

  endWindow(): ServerCounters {
    const cpu = process.cpuUsage(this.#windowCpu);
    return { ...this.#window, clientKeyTypes: this.#sampledKeyTypes(), cpuUs: cpu.user + cpu.system, elapsedMs: Number(process.hrtime.bigint() - this.#windowStart) / 1e6 };
  }

  totals(): ServerCounters {
    const cpu = process.cpuUsage();
    return { ...this.#total, clientKeyTypes: this.#sampledKeyTypes(), cpuUs: cpu.user + cpu.system };
  }

  #sampledKeyTypes(): Record<string, number> {
    return this.#clientKeyType === null ? {} : { [this.#clientKeyType]: 1 };
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}
