import { connect as connectTcp } from 'node:net';
import { connect as connectTls, type ConnectionOptions, type TLSSocket } from 'node:tls';
import { observeSocket, type SideObservation } from './side-view.js';

export interface TracedClientRequest {
  host: string;
  port: number;
  /** TLS options with PEM strings, as `clientTlsOptions` builds them. */
  tls: ConnectionOptions;
  /** When true, a first untraced connection obtains a session and the traced one offers it. */
  resume: boolean;
  /** Upper bound for each connection, handshake to end of response. */
  timeoutMs: number;
}

export interface ConnectionOutcome {
  observation: SideObservation | null;
  /** True once the TLS handshake completed on this side (`secureConnect`). */
  secureConnect: boolean;
  /** HTTP status of the response, or null when no response arrived. */
  responseStatus: number | null;
  error: { code: string; message: string } | null;
  /** Ciphertext bytes counted on the TCP socket under the TLS socket. */
  rawBytes: { clientToServer: number; serverToClient: number };
}

export interface TracedClientReport {
  /** True when the traced connection offered a session from the first connection. */
  sessionOffered: boolean;
  priming: ConnectionOutcome | null;
  traced: ConnectionOutcome;
}

const REQUEST = 'GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n';

/**
 * Makes one connection: handshake, one HTTP/1.1 request with `Connection: close`, read to the end.
 * The TLS socket runs over a separate `net.Socket` because a TLSSocket's own byte counters count
 * plaintext, while the TCP socket's count what crossed the wire.
 */
export function runConnection(request: TracedClientRequest, options: { trace: boolean; session?: Buffer; onSession?: (session: Buffer) => void }): Promise<ConnectionOutcome> {
  return new Promise((resolve) => {
    const raw = connectTcp({ host: request.host, port: request.port });
    const socket: TLSSocket = connectTls({ ...request.tls, socket: raw, session: options.session });
    if (options.trace) socket.enableTrace();

    let observation: SideObservation | null = null;
    let secureConnect = false;
    let response = '';
    let error: ConnectionOutcome['error'] = null;
    let settled = false;

    const timer = setTimeout(() => {
      error ??= { code: 'ETIMEDOUT', message: `no end of response within ${request.timeoutMs} ms` };
      socket.destroy();
      raw.destroy();
    }, request.timeoutMs);

    const finish = (): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(response);
      resolve({
        observation,
        secureConnect,
        responseStatus: status ? Number(status[1]) : null,
        error,
        rawBytes: { clientToServer: raw.bytesWritten, serverToClient: raw.bytesRead },
      });
    };

    socket.on('session', (session: Buffer) => options.onSession?.(session));
    socket.on('secureConnect', () => {
      secureConnect = true;
      observation = observeSocket(socket, 'client');
      socket.write(REQUEST);
    });
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      if (response.length < 4096) response += chunk;
    });
    socket.on('end', () => socket.end());
    socket.on('error', (cause: NodeJS.ErrnoException) => {
      error ??= { code: cause.code ?? 'ERROR', message: cause.message };
    });
    // The raw socket closes after the TLS socket, so its counters are final here.
    raw.on('close', finish);
    raw.on('error', (cause: NodeJS.ErrnoException) => {
      error ??= { code: cause.code ?? 'ERROR', message: cause.message };
    });
  });
}
