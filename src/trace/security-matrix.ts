import type { ConnectionOptions, SecureVersion } from 'node:tls';
import { PkiStore } from '../pki/store.js';
import { PROTOCOLS, type KeyType, type Mode, type Protocol } from '../scenario/vocabulary.js';
import { runConnection, type ConnectionOutcome } from './client-connection.js';
import { startInspectionServer, type InspectionServer, type ServerConnectionRecord } from './inspection-server.js';
import { LEGACY_VERSIONS, sendLegacyHello, type LegacyVersion } from './legacy-hello.js';
import { CLIENT_CREDENTIAL_CASES, createMatrixCredentials, type ClientCredentialCase, type MatrixCredentials } from './special-credentials.js';

export type ConnectionVerdict = 'accepted' | 'rejected';

/** One client credential against one server: what was expected and what each side observed. */
export interface AuthenticationRow {
  protocol: Protocol;
  serverMode: Mode;
  client: ClientCredentialCase;
  expected: ConnectionVerdict;
  /** `accepted` means the client received an HTTP response; a finished handshake alone is not enough. */
  outcome: ConnectionVerdict;
  clientObserved: ClientSide;
  serverObserved: ServerSide;
  /**
   * True when the client finished its handshake (`secureConnect`) and was rejected afterwards. In
   * TLS 1.3 the client sends its certificate in its last flight, so its handshake ends before the server's verification.
   */
  lateRejection: boolean;
  asExpected: boolean;
}

export interface ClientSide {
  secureConnect: boolean;
  responseStatus: number | null;
  /** Error code the client saw, e.g. `ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED`, or `ECONNRESET`. */
  error: string | null;
}

export interface ServerSide {
  accepted: boolean;
  /** `tlsClientError` code when OpenSSL aborted the handshake. */
  error: string | null;
  /** OpenSSL verification result when Node rejected the certificate after the handshake, e.g. `CERT_REVOKED`. */
  authorizationError: string | null;
}

/** A legacy protocol offered to a server: the server must refuse it. */
export interface LegacyProtocolRow {
  serverProtocol: Protocol;
  offered: LegacyVersion;
  /** `raw-client-hello`: hand-built ClientHello over TCP; `node-client`: Node's TLS client at security level 0. */
  method: 'raw-client-hello' | 'node-client';
  refused: boolean;
  /** Response the client observed, e.g. `alert protocol_version` or the client's error code. */
  clientSaw: string;
  serverSaw: string | null;
}

export interface SecurityMatrix {
  keyType: KeyType;
  authentication: AuthenticationRow[];
  legacy: LegacyProtocolRow[];
  /** True when every authentication row matched its expectation and every legacy protocol was refused. */
  allAsExpected: boolean;
}

export interface SecurityMatrixOptions {
  store?: PkiStore;
  keyType?: KeyType;
  protocols?: readonly Protocol[];
  timeoutMs?: number;
}

/**
 * Connects every client credential case to a one-way and to a mutual server (the benchmark's TLS
 * options, with the client CA's CRL loaded), on each protocol, then offers each server the legacy
 * protocols. Connections run one after another so that each server record belongs to one client.
 */
export async function runSecurityMatrix(options: SecurityMatrixOptions = {}): Promise<SecurityMatrix> {
  const keyType = options.keyType ?? 'ecdsa-p256';
  const credentials = await createMatrixCredentials(options.store ?? new PkiStore(), keyType);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const authentication: AuthenticationRow[] = [];
  const legacy: LegacyProtocolRow[] = [];

  for (const protocol of options.protocols ?? PROTOCOLS) {
    for (const serverMode of ['one-way', 'mutual'] as const) {
      const server = await startMatrixServer(credentials, protocol, serverMode);
      try {
        for (const client of CLIENT_CREDENTIAL_CASES) authentication.push(await connectCase(server, credentials, protocol, serverMode, client, timeoutMs));
        if (serverMode === 'mutual') legacy.push(...(await offerLegacyProtocols(server, credentials, protocol, timeoutMs)));
      } finally {
        await server.close();
      }
    }
  }
  const allAsExpected = authentication.every((row) => row.asExpected) && legacy.every((row) => row.refused);
  return { keyType, authentication, legacy, allAsExpected };
}

function startMatrixServer(credentials: MatrixCredentials, protocol: Protocol, mode: Mode): Promise<InspectionServer> {
  return startInspectionServer({
    cell: { mode, protocol, ciphers: null, revocation: 'crl' },
    material: { key: credentials.serverKey, cert: credentials.serverCert, clientCa: credentials.clientCa, crl: credentials.crl },
    tickets: true,
    resumption: 'none',
  });
}

function clientOptions(credentials: MatrixCredentials, protocol: Protocol, client: ClientCredentialCase): ConnectionOptions {
  // Same settings as the load clients' `clientTlsOptions`, but every case presents its certificate to
  // both servers: a one-way server sends no CertificateRequest, so the certificate never travels.
  const options: ConnectionOptions = { ca: credentials.serverCa, servername: 'localhost', rejectUnauthorized: true, minVersion: protocol, maxVersion: protocol };
  if (client !== 'none') {
    options.cert = credentials.clients[client].certPem;
    options.key = credentials.clients[client].keyPem;
  }
  return options;
}

async function connectCase(server: InspectionServer, credentials: MatrixCredentials, protocol: Protocol, serverMode: Mode, client: ClientCredentialCase, timeoutMs: number): Promise<AuthenticationRow> {
  const before = server.connections().length;
  const outcome = await runConnection({ host: server.host, port: server.port, tls: clientOptions(credentials, protocol, client), resume: false, timeoutMs }, { trace: false });
  // The client's raw socket closes after the server destroyed its side. One turn of the event loop
  // lets the server's own close handling finish before its record is read.
  await new Promise((resolve) => setImmediate(resolve));
  const serverRecord = server.connections().slice(before).at(-1) ?? null;

  const expected: ConnectionVerdict = serverMode === 'one-way' || client === 'valid' ? 'accepted' : 'rejected';
  const verdict: ConnectionVerdict = outcome.responseStatus === 200 ? 'accepted' : 'rejected';
  return {
    protocol,
    serverMode,
    client,
    expected,
    outcome: verdict,
    clientObserved: clientSide(outcome),
    serverObserved: serverSide(serverRecord),
    lateRejection: verdict === 'rejected' && outcome.secureConnect,
    asExpected: verdict === expected,
  };
}

function clientSide(outcome: ConnectionOutcome): ClientSide {
  let error = outcome.error?.code ?? null;
  if (error === null && outcome.responseStatus === null) error = 'closed without response';
  return { secureConnect: outcome.secureConnect, responseStatus: outcome.responseStatus, error };
}

function serverSide(record: ServerConnectionRecord | null): ServerSide {
  if (!record) return { accepted: false, error: 'no connection seen', authorizationError: null };
  return { accepted: record.accepted, error: record.error?.code ?? null, authorizationError: record.authorizationError };
}

async function offerLegacyProtocols(server: InspectionServer, credentials: MatrixCredentials, serverProtocol: Protocol, timeoutMs: number): Promise<LegacyProtocolRow[]> {
  const rows: LegacyProtocolRow[] = [];
  for (const offered of Object.keys(LEGACY_VERSIONS) as LegacyVersion[]) {
    const before = server.connections().length;
    const response = await sendLegacyHello(server.host, server.port, offered, timeoutMs);
    await new Promise((resolve) => setImmediate(resolve));
    let clientSaw = `${response.kind} record`;
    if (response.kind === 'alert') clientSaw = `alert ${response.alert}`;
    if (response.kind === 'closed') clientSaw = 'connection closed';
    rows.push({
      serverProtocol,
      offered,
      method: 'raw-client-hello',
      refused: response.kind !== 'handshake',
      clientSaw,
      serverSaw: server.connections().slice(before).at(-1)?.error?.code ?? null,
    });
  }

  // Node's client still offers TLS 1.0 and 1.1 when the cipher list lowers OpenSSL 3's security level
  // to 0; at the default level 1 it refuses them before sending anything.
  for (const offered of ['TLSv1.0', 'TLSv1.1'] as const) {
    const version: SecureVersion = offered === 'TLSv1.0' ? 'TLSv1' : 'TLSv1.1';
    const before = server.connections().length;
    const tls: ConnectionOptions = { ca: credentials.serverCa, servername: 'localhost', minVersion: version, maxVersion: version, ciphers: 'DEFAULT@SECLEVEL=0' };
    const outcome = await runConnection({ host: server.host, port: server.port, tls, resume: false, timeoutMs }, { trace: false });
    await new Promise((resolve) => setImmediate(resolve));
    rows.push({
      serverProtocol,
      offered,
      method: 'node-client',
      refused: !outcome.secureConnect,
      clientSaw: outcome.error?.code ?? 'handshake completed',
      serverSaw: server.connections().slice(before).at(-1)?.error?.code ?? null,
    });
  }
  return rows;
}
