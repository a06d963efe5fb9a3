import { fork } from 'node:child_process';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConnectionOptions } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { BenchError } from '../errors.js';
import { buildCensus, type Census, type DirectionBytes } from './census.js';
import { startInspectionServer, type InspectionServerSetup, type ServerConnectionRecord } from './inspection-server.js';
import { parseOpensslTrace, type TraceRecord } from './openssl-trace.js';
import type { ConnectionOutcome, TracedClientReport, TracedClientRequest } from './client-connection.js';

const TRACED_CLIENT_PATH = fileURLToPath(new URL('./traced-client.js', import.meta.url));
/** Upper bound for one loopback connection; a handshake with RSA 4096 keys takes tens of milliseconds. */
const DEFAULT_TIMEOUT_MS = 10_000;
/** OpenSSL's trace of one connection is about 30 KB; a larger file means something else wrote to it. */
const MAX_TRACE_BYTES = 4 * 1024 * 1024;

export interface TraceSetup extends InspectionServerSetup {
  /** Client TLS options, as `clientTlsOptions` builds them (PEM strings, no file paths). */
  clientTls: ConnectionOptions;
  timeoutMs?: number;
}

export interface TracedConnection {
  records: TraceRecord[];
  census: Census;
  /** The client's view of the traced connection. */
  client: ConnectionOutcome;
  /** The server's view of the traced connection; null if the server never saw it. */
  server: ServerConnectionRecord | null;
  /** True when the traced connection offered a session obtained by an earlier connection. */
  sessionOffered: boolean;
  /** Trace totals against the TCP socket counters; they agree when the trace saw every record. */
  bytesCheck: { traced: DirectionBytes; raw: DirectionBytes; matches: boolean };
  /** Signature schemes of the handshake signatures each side sent, e.g. `ecdsa_secp256r1_sha256`. */
  signatureAlgorithms: { server: string | null; client: string | null };
  /** Key exchange group the server chose, e.g. `ecdh_x25519`; null for RSA key transport. */
  group: string | null;
}

/**
 * Makes one traced connection (two when resuming: the first only obtains a session) against an
 * inspection server, and returns the census of the traced connection with both sides' views.
 */
export async function traceConnection(setup: TraceSetup): Promise<TracedConnection> {
  const server = await startInspectionServer(setup);
  try {
    const timeoutMs = setup.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const request: TracedClientRequest = { host: server.host, port: server.port, tls: setup.clientTls, resume: setup.resumption !== 'none', timeoutMs };
    const { report, trace } = await runTracedClient(request, timeoutMs * 3);
    const records = parseOpensslTrace(trace);
    const census = buildCensus(records, 'client');
    const raw = report.traced.rawBytes;
    const connections = server.connections();
    return {
      records,
      census,
      client: report.traced,
      server: connections.at(-1) ?? null,
      sessionOffered: report.sessionOffered,
      bytesCheck: {
        traced: census.tracedBytes,
        raw,
        matches: census.tracedBytes.clientToServer === raw.clientToServer && census.tracedBytes.serverToClient === raw.serverToClient,
      },
      signatureAlgorithms: {
        server: signatureSentBy(records, 'received'),
        client: signatureSentBy(records, 'sent'),
      },
      group: negotiatedGroup(records),
    };
  } finally {
    await server.close();
  }
}

function signatureSentBy(records: readonly TraceRecord[], direction: TraceRecord['direction']): string | null {
  for (const record of records) {
    if (record.direction !== direction) continue;
    for (const message of record.messages) if (message.signatureAlgorithm) return message.signatureAlgorithm;
  }
  return null;
}

function negotiatedGroup(records: readonly TraceRecord[]): string | null {
  for (const record of records) {
    if (record.direction !== 'received') continue;
    for (const message of record.messages) if (message.group) return message.group;
  }
  return null;
}

/**
 * Forks the traced client, sends it the request and returns its report and its stderr (the trace).
 *
 * The child's stderr is a temporary file, not a pipe. libuv makes a child's stderr pipe
 * non-blocking, and OpenSSL's trace writes through C stdio, which drops what a full pipe rejects.
 * On Node 20 this lost lines of the long hex dump of a ClientHello that carries a ticket.
 */
async function runTracedClient(request: TracedClientRequest, limitMs: number): Promise<{ report: TracedClientReport; trace: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'mtls-bench-trace-'));
  const tracePath = join(dir, 'trace.txt');
  const traceFile = await open(tracePath, 'w', 0o600);
  try {
    const report = await new Promise<TracedClientReport>((resolve, reject) => {
      // execArgv is cleared so that flags of the parent (e.g. `--test`) do not reach the child.
      const child = fork(TRACED_CLIENT_PATH, [], { stdio: ['ignore', 'ignore', traceFile.fd, 'ipc'], execArgv: [] });
      let received: TracedClientReport | null = null;
      let failure: string | null = null;

      child.on('message', (message: TracedClientReport | { failure: string }) => {
        if ('failure' in message) failure = message.failure;
        else received = message;
      });
      const timer = setTimeout(() => {
        failure = `traced client did not finish within ${limitMs} ms`;
        child.kill('SIGKILL');
      }, limitMs);
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(new BenchError('E_TRACE', `could not start the traced client ${TRACED_CLIENT_PATH}: ${error.message}`, { cause: error }));
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        if (received) resolve(received);
        else reject(new BenchError('E_TRACE', `traced client failed (exit code ${code}): ${failure ?? 'no report received'}`));
      });
      child.send(request);
    });
    const size = (await traceFile.stat()).size;
    if (size > MAX_TRACE_BYTES) throw new BenchError('E_TRACE', `trace of one connection is ${size} bytes, more than the ${MAX_TRACE_BYTES} expected; not parsed`);
    return { report, trace: await readFile(tracePath, 'utf8') };
  } finally {
    await traceFile.close();
    await rm(dir, { recursive: true, force: true });
  }
}
