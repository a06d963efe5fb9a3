import { connect, createSecureContext, type SecureContext } from 'node:tls';
import type { LoadCounters } from '../src/measure/trial.js';
import type { Driver, LoadConfig } from '../src/load/protocol.js';
import { serveLoadDriver } from '../src/load/serve.js';
import { clientTlsOptions, readClientMaterial } from '../src/load/tls-options.js';

/**
 * Entry of the overhead benchmark's bare client: a `tls.connect` loop with one reused secure context
 * and the harness's TLS options, `concurrency` connections in flight, each sending one GET and closing.
 * It keeps only what the trial checks need (completions, failures by code, process.cpuUsage()
 * windows) and reports empty histograms. It speaks the load IPC messages, so `runTrial` forks it in
 * place of the harness's load worker.
 */

/** How long `stop` waits for in-flight connections, as in the harness's handshake driver. */
const DRAIN_TIMEOUT_MS = 5_000;

const REQUEST = Buffer.from('GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
const STATUS_OK = Buffer.from('HTTP/1.1 200');

class BareLoop implements Driver {
  readonly #config: LoadConfig;
  readonly #context: SecureContext;
  #running = false;
  #inFlight = 0;
  #drained: (() => void) | null = null;
  #measuring = false;
  #totalCompleted = 0;
  #completed = 0;
  #failed = 0;
  #errors: Record<string, number> = {};
  #windowCpu = process.cpuUsage();
  #windowStart = process.hrtime.bigint();

  constructor(config: LoadConfig) {
    this.#config = config;
    this.#context = createSecureContext(clientTlsOptions(config.cell, readClientMaterial(config.pki)));
  }

  start(): void {
    this.#running = true;
    for (let i = 0; i < this.#config.concurrency; i++) this.#open();
  }

  beginWindow(): void {
    this.#completed = 0;
    this.#failed = 0;
    this.#errors = {};
    this.#windowCpu = process.cpuUsage();
    this.#windowStart = process.hrtime.bigint();
    this.#measuring = true;
  }

  endWindow(): LoadCounters {
    this.#measuring = false;
    const cpu = process.cpuUsage(this.#windowCpu);
    return {
      completed: this.#completed,
      failed: this.#failed,
      errors: { ...this.#errors },
      resumed: 0,
      bytesClientToServer: 0,
      bytesServerToClient: 0,
      cpuUs: cpu.user + cpu.system,
      elapsedMs: Number(process.hrtime.bigint() - this.#windowStart) / 1e6,
      histograms: {},
      negotiated: null,
    };
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
    return this.#totalCompleted;
  }

  #open(): void {
    this.#inFlight++;
    let statusOk: boolean | null = null;
    let errorCode: string | null = null;
    const socket = connect({ host: this.#config.host, port: this.#config.port, secureContext: this.#context, servername: 'localhost', rejectUnauthorized: true });
    // TCP_NODELAY as in the harness's driver: without it the request can wait for a delayed ACK.
    socket.setNoDelay(true);
    socket.once('secureConnect', () => socket.write(REQUEST));
    socket.on('data', (chunk: Buffer) => {
      statusOk ??= chunk.subarray(0, STATUS_OK.length).equals(STATUS_OK);
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      errorCode ??= error.code ?? 'UNKNOWN';
    });
    socket.once('close', () => {
      if (errorCode === null && statusOk !== true) errorCode = statusOk === null ? 'NO_RESPONSE' : 'HTTP_NOT_200';
      if (errorCode === null) {
        this.#totalCompleted++;
        if (this.#measuring) this.#completed++;
      } else if (this.#measuring) {
        this.#failed++;
        this.#errors[errorCode] = (this.#errors[errorCode] ?? 0) + 1;
      }
      this.#inFlight--;
      if (this.#running) this.#open();
      else if (this.#inFlight === 0) this.#drained?.();
    });
  }
}

serveLoadDriver((config) => new BareLoop(config));
