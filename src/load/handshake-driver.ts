import { connect as tcpConnect } from 'node:net';
import { connect as tlsConnect, createSecureContext, type SecureContext, type TLSSocket } from 'node:tls';
import { recordMicros } from '../measure/histogram.js';
import type { LoadCounters } from '../measure/trial.js';
import { keyTypeOf } from '../pki/keys.js';
import { WindowCounters } from './counters.js';
import type { Driver, LoadConfig } from './protocol.js';
import { clientTlsOptions, readClientMaterial } from './tls-options.js';

/** A connection that has not closed after this long is counted as failed with ETIMEDOUT. */
const CONNECTION_TIMEOUT_MS = 10_000;
/** How long `stop` waits for in-flight connections before giving up on them. */
const DRAIN_TIMEOUT_MS = 5_000;

const REQUEST = Buffer.from('GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
const STATUS_OK = Buffer.from('HTTP/1.1 200');

function micros(from: bigint, to: bigint): number {
  return Number(to - from) / 1000;
}

/**
 * The `handshake` workload: every request on a new connection (TCP connect, TLS handshake, one GET,
 * read the response, close), `concurrency` connections in flight at a time. One secure context is
 * built up front and shared, as a real client would, so the per-connection cost is the handshake.
 *
 * A plain `net.Socket` is connected first and handed to `tls.connect`: its byte counters see the
 * ciphertext on the wire, while a TLSSocket's own counters see only plaintext.
 */
export class HandshakeDriver implements Driver {
  readonly #config: LoadConfig;
  readonly #context: SecureContext;
  readonly #counters = new WindowCounters(['handshake', 'connect', 'firstByte']);
  /**
   * The newest session of each connection slot, offered by that slot's next connection when the cell
   * resumes. It is taken from the `session` event, never at `secureConnect`: in TLS 1.3 the tickets
   * arrive after the handshake, so a session read at `secureConnect` would never resume.
   */
  readonly #sessions: (Buffer | undefined)[] = [];
  readonly #resumes: boolean;
  #running = false;
  #inFlight = 0;
  #drained: (() => void) | null = null;

  constructor(config: LoadConfig) {
    this.#config = config;
    this.#context = createSecureContext(clientTlsOptions(config.cell, readClientMaterial(config.pki)));
    this.#resumes = config.cell.resumption !== 'none';
  }

  start(): void {
    this.#running = true;
    for (let slot = 0; slot < this.#config.concurrency; slot++) this.#open(slot);
  }

  beginWindow(): void {
    this.#counters.begin();
  }

  endWindow(): LoadCounters {
    return this.#counters.end();
  }

  async stop(): Promise<number> {
    this.#running = false;
    if (this.#inFlight > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, DRAIN_TIMEOUT_MS);
        this.#drained = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return this.#counters.totalCompleted;
  }

  #open(slot: number): void {
    this.#inFlight++;
    const counters = this.#counters;
    const startedAt = process.hrtime.bigint();
    let connectedAt = 0n;
    let secureAt = 0n;
    let firstByteAt = 0n;
    let statusOk = false;
    let resumed = false;
    let errorCode: string | null = null;

    const raw = tcpConnect({ host: this.#config.host, port: this.#config.port });
    // Without TCP_NODELAY the request can wait for the ACK of the client's Finished (delayed ACK, ~40 ms).
    raw.setNoDelay(true);
    raw.once('connect', () => {
      connectedAt = process.hrtime.bigint();
    });
    const session = this.#resumes ? this.#sessions[slot] : undefined;
    const socket: TLSSocket = tlsConnect({ socket: raw, secureContext: this.#context, servername: 'localhost', rejectUnauthorized: true, session });
    if (this.#resumes) socket.on('session', (next: Buffer) => (this.#sessions[slot] = next));
    socket.setTimeout(CONNECTION_TIMEOUT_MS, () => {
      errorCode ??= 'ETIMEDOUT';
      socket.destroy();
    });
    socket.once('secureConnect', () => {
      secureAt = process.hrtime.bigint();
      // Read now, because after close the TLS state is gone and isSessionReused() returns null.
      resumed = socket.isSessionReused();
      if (counters.negotiated === null) this.#sampleNegotiated(socket);
      socket.write(REQUEST);
    });
    socket.on('data', (chunk: Buffer) => {
      if (firstByteAt !== 0n) return;
      firstByteAt = process.hrtime.bigint();
      statusOk = chunk.subarray(0, STATUS_OK.length).equals(STATUS_OK);
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      errorCode ??= error.code ?? 'UNKNOWN';
    });
    socket.once('close', () => {
      if (errorCode === null && !statusOk) errorCode = firstByteAt === 0n ? 'NO_RESPONSE' : 'HTTP_NOT_200';
      if (errorCode === null) {
        counters.totalCompleted++;
        if (counters.measuring) {
          counters.completed++;
          if (resumed) counters.resumed++;
          counters.bytesClientToServer += raw.bytesWritten;
          counters.bytesServerToClient += raw.bytesRead;
          recordMicros(counters.histograms.handshake!, micros(startedAt, secureAt));
          recordMicros(counters.histograms.connect!, micros(startedAt, connectedAt));
          recordMicros(counters.histograms.firstByte!, micros(startedAt, firstByteAt));
        }
      } else {
        counters.fail(errorCode);
      }
      this.#inFlight--;
      if (this.#running) this.#open(slot);
      else if (this.#inFlight === 0) this.#drained?.();
    });
  }

  #sampleNegotiated(socket: TLSSocket): void {
    const peer = socket.getPeerX509Certificate();
    const details = peer ? { asymmetricKeyType: peer.publicKey.asymmetricKeyType, ...peer.publicKey.asymmetricKeyDetails } : {};
    const ephemeral = socket.getEphemeralKeyInfo();
    this.#counters.negotiated = {
      protocol: socket.getProtocol(),
      cipher: socket.getCipher().name,
      serverKeyType: keyTypeOf(details),
      group: ephemeral && 'name' in ephemeral ? (ephemeral.name ?? null) : null,
    };
  }
}
