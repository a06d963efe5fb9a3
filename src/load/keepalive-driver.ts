import type { TLSSocket } from 'node:tls';
import { Pool, buildConnector } from 'undici';
import { recordMicros } from '../measure/histogram.js';
import type { LoadCounters } from '../measure/trial.js';
import { keyTypeOf } from '../pki/keys.js';
import { WindowCounters } from './counters.js';
import type { Driver, LoadConfig } from './protocol.js';
import { clientTlsOptions, readClientMaterial } from './tls-options.js';

/** Pause after a failed request, so a refusing server does not turn the loop into a busy spin. */
const FAILURE_BACKOFF_MS = 10;
const REQUEST_TIMEOUT_MS = 10_000;

/**
 * The `keep-alive` workload: `concurrency` persistent HTTPS connections (undici Pool, no pipelining),
 * each carrying one request after another. Latency is recorded per request in microseconds.
 *
 * undici rather than autocannon: autocannon's latency histogram has 1 ms resolution, and a loopback
 * request takes about 0.1 ms, so every sample would land in the first bucket.
 */
export class KeepAliveDriver implements Driver {
  readonly #config: LoadConfig;
  readonly #pool: Pool;
  readonly #counters = new WindowCounters(['request']);
  #running = false;
  #loops: Promise<void>[] = [];

  constructor(config: LoadConfig) {
    this.#config = config;
    const tls = clientTlsOptions(config.cell, readClientMaterial(config.pki));
    // undici caches TLS sessions by default; with resumption `none` every connection must do a full handshake.
    const connector = buildConnector({ ...tls, maxCachedSessions: config.cell.resumption === 'none' ? 0 : 100 });
    this.#pool = new Pool(`https://localhost:${config.port}`, {
      connections: config.concurrency,
      pipelining: 1,
      keepAliveTimeout: 120_000,
      keepAliveMaxTimeout: 120_000,
      bodyTimeout: REQUEST_TIMEOUT_MS,
      headersTimeout: REQUEST_TIMEOUT_MS,
      connect: (options, callback) => {
        connector({ ...options, hostname: config.host }, (error, socket) => {
          if (socket && !error) this.#onConnected(socket as TLSSocket);
          if (error) callback(error, null);
          else callback(null, socket as TLSSocket);
        });
      },
    });
  }

  start(): void {
    this.#running = true;
    this.#loops = Array.from({ length: this.#config.concurrency }, () => this.#loop());
  }

  beginWindow(): void {
    this.#counters.begin();
  }

  endWindow(): LoadCounters {
    return this.#counters.end();
  }

  async stop(): Promise<number> {
    this.#running = false;
    await Promise.all(this.#loops);
    await this.#pool.close().catch(() => undefined);
    return this.#counters.totalCompleted;
  }

  #onConnected(socket: TLSSocket): void {
    const counters = this.#counters;
    if (counters.negotiated !== null) return;
    const sample = () => {
      const peer = socket.getPeerX509Certificate();
      const details = peer ? { asymmetricKeyType: peer.publicKey.asymmetricKeyType, ...peer.publicKey.asymmetricKeyDetails } : {};
      const ephemeral = socket.getEphemeralKeyInfo();
      counters.negotiated = {
        protocol: socket.getProtocol(),
        cipher: socket.getCipher()?.name ?? null,
        serverKeyType: keyTypeOf(details),
        group: ephemeral && 'name' in ephemeral ? (ephemeral.name ?? null) : null,
      };
    };
    if (socket.getProtocol()) sample();
    else socket.once('secureConnect', sample);
  }

  async #loop(): Promise<void> {
    const counters = this.#counters;
    while (this.#running) {
      const startedAt = process.hrtime.bigint();
      try {
        const response = await this.#pool.request({ path: '/', method: 'GET' });
        await response.body.dump();
        if (response.statusCode !== 200) {
          counters.fail(`HTTP_${response.statusCode}`);
          continue;
        }
        counters.totalCompleted++;
        if (counters.measuring) {
          counters.completed++;
          recordMicros(counters.histograms.request!, Number(process.hrtime.bigint() - startedAt) / 1000);
        }
      } catch (error) {
        counters.fail((error as NodeJS.ErrnoException).code ?? 'UNKNOWN');
        await new Promise((resolve) => setTimeout(resolve, FAILURE_BACKOFF_MS));
      }
    }
  }
}
