import { constants as cryptoConstants } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { serverTlsOptions, type ServerMaterial } from '../server/tls-options.js';
import type { Cell, Resumption } from '../scenario/vocabulary.js';
import { observeSocket, type SideObservation } from './side-view.js';

/** Setup of a single-process inspection server: the benchmark's TLS options plus the session settings. */
export interface InspectionServerSetup {
  cell: Pick<Cell, 'mode' | 'protocol' | 'ciphers' | 'revocation'>;
  material: ServerMaterial;
  /** Whether the server issues session tickets (RFC 5077 in TLS 1.2, PSK tickets in TLS 1.3). */
  tickets: boolean;
  /** `session-id` turns tickets off and keeps sessions in a server-side cache. */
  resumption: Resumption;
  host?: string;
}

/** Server-side record of one incoming connection. */
export interface ServerConnectionRecord {
  /** True when the server emitted `secureConnection`, i.e. accepted the handshake. */
  accepted: boolean;
  observation: SideObservation | null;
  /** Error of a handshake that OpenSSL aborted (`tlsClientError`), e.g. `ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE`. */
  error: { code: string; message: string } | null;
  /** OpenSSL verification result of a client certificate that the server rejected after the handshake. */
  authorizationError: string | null;
}

export interface InspectionServer {
  host: string;
  port: number;
  /** One entry per connection, in the order the server first saw them. */
  connections(): ServerConnectionRecord[];
  close(): Promise<void>;
}

/**
 * Starts an HTTPS server on loopback with the same TLS options as the benchmark's server, and
 * records per connection whether it accepted the client and why not.
 *
 * Node 20 verifies a client certificate only after OpenSSL finished the handshake: its verify
 * callback accepts every chain, and `rejectUnauthorized` then destroys the socket without an alert
 * or any server event. The `keylog` event is the one server event that hands out the TLSSocket
 * during the handshake, so it is used here to keep a reference for reading `authorizationError`
 * later. The key log lines themselves are dropped.
 */
export async function startInspectionServer(setup: InspectionServerSetup): Promise<InspectionServer> {
  const options = serverTlsOptions({ ...setup.cell, resumption: setup.resumption }, setup.material);
  let secureOptions = 0;
  if (!setup.tickets || setup.resumption === 'session-id') secureOptions |= cryptoConstants.SSL_OP_NO_TICKET;
  const server: Server = createServer({ ...options, secureOptions }, (request, response) => {
    response.writeHead(200, { 'content-type': 'text/plain' });
    response.end('ok\n');
  });

  const records = new Map<TLSSocket, ServerConnectionRecord>();
  const recordOf = (socket: TLSSocket): ServerConnectionRecord => {
    let record = records.get(socket);
    if (!record) {
      record = { accepted: false, observation: null, error: null, authorizationError: null };
      records.set(socket, record);
    }
    return record;
  };

  server.on('keylog', (_line: Buffer, socket: TLSSocket) => void recordOf(socket));
  server.on('secureConnection', (socket: TLSSocket) => {
    const record = recordOf(socket);
    record.accepted = true;
    record.observation = observeSocket(socket, 'server');
  });
  server.on('tlsClientError', (error: NodeJS.ErrnoException, socket: TLSSocket) => {
    recordOf(socket).error = { code: error.code ?? 'ERROR', message: error.message };
  });

  if (setup.resumption === 'session-id') {
    // Node 20 turns OpenSSL's internal session cache off, so session-ID resumption works only through
    // these two events. The cache is capped because an inspection server handles a few connections only.
    const sessions = new Map<string, Buffer>();
    server.on('newSession', (id: Buffer, data: Buffer, done: () => void) => {
      if (sessions.size < 64) sessions.set(id.toString('hex'), data);
      done();
    });
    server.on('resumeSession', (id: Buffer, done: (error: Error | null, data: Buffer | null) => void) => {
      done(null, sessions.get(id.toString('hex')) ?? null);
    });
  }

  const host = setup.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    host,
    port,
    connections: () =>
      [...records.entries()].map(([socket, record]) => ({
        ...record,
        authorizationError: record.authorizationError ?? (socket.authorizationError ? String(socket.authorizationError) : null),
      })),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
