import { createCrl, randomSerials } from '../pki/certificates.js';
import { clientTlsOptions } from '../load/tls-options.js';
import { PkiStore, readCredential } from '../pki/store.js';
import { BenchError } from '../errors.js';
import type { KeyType, Mode, Protocol, Resumption } from '../scenario/vocabulary.js';
import { readCellMaterial } from './census-run.js';
import type { Census } from './census.js';
import { describeCipherSuite, describeGroup } from './cipher-suite.js';
import { traceConnection, type TracedConnection } from './connection.js';
import type { CertificateSummary, SideObservation } from './side-view.js';

export interface ProbeOptions {
  mode: Mode;
  serverKey: KeyType;
  clientKey: KeyType;
  protocol: Protocol;
  resumption: Resumption;
  /** OpenSSL cipher list for TLS 1.2; null for Node's default. */
  ciphers: string | null;
  /** Whether the server issues session tickets; `resumption: ticket` needs them. */
  tickets: boolean;
  /** Load a CRL of the client CA into a mutual server, so that it checks revocation. */
  crl: boolean;
  store?: PkiStore;
}

/** Everything one side of the probed connection reports, in the order the probe prints it. */
export interface ProbeSide {
  side: 'server' | 'client';
  protocol: string | null;
  cipherSuite: string | null;
  bulkCipher: string | null;
  bulkKeySizeBits: number | null;
  mac: string | null;
  macSizeBits: number | null;
  hash: string | null;
  hashSizeBits: number | null;
  /** `X25519`, `P-256`, or `RSA key transport` for TLS 1.2 suites without an ephemeral key. */
  keyExchange: string | null;
  keyExchangeSizeBits: number | null;
  /** Signature scheme this side signed the handshake with; null when it sent no signature. */
  signatureAlgorithm: string | null;
  /** Reason `signatureAlgorithm` is null, e.g. `no signature: no client certificate requested`. */
  signatureNote: string | null;
  peerAuthenticated: boolean;
  /** Means by which the peer was authenticated, or the reason it was not. */
  peerAuthentication: string;
  isServer: boolean;
  encrypted: boolean;
  integrityProtected: boolean;
  crlChecked: boolean;
  localCertificate: CertificateSummary | null;
  peerCertificate: CertificateSummary | null;
  sessionReused: boolean;
}

export interface ProbeReport {
  settings: Omit<ProbeOptions, 'store'>;
  server: ProbeSide;
  client: ProbeSide;
  census: Census;
  bytesCheck: TracedConnection['bytesCheck'];
  /** True when the client received an HTTP response over the connection. */
  responseReceived: boolean;
}

/** Makes one traced connection with the benchmark's TLS options and describes it from both sides. */
export async function probeConnection(options: ProbeOptions): Promise<ProbeReport> {
  const store = options.store ?? new PkiStore();
  const crlChecked = options.crl && options.mode === 'mutual';
  const crl = crlChecked ? await clientCaCrl(store, options.clientKey) : null;
  const material = await readCellMaterial(store, options.serverKey, options.clientKey, crl);
  const cell = { mode: options.mode, protocol: options.protocol, ciphers: options.ciphers, revocation: crlChecked ? ('crl' as const) : ('none' as const) };
  const traced = await traceConnection({
    cell,
    material: material.server,
    tickets: options.tickets,
    resumption: options.resumption,
    clientTls: clientTlsOptions(cell, material.client),
  });

  const serverObservation = traced.server?.observation ?? null;
  const clientObservation = traced.client.observation;
  if (!serverObservation || !clientObservation) {
    const reason = traced.client.error ? `${traced.client.error.code}: ${traced.client.error.message}` : traced.server?.authorizationError ?? 'no handshake';
    throw new BenchError('E_PROBE', `probe connection failed (${reason}); check that --tls, --ciphers and --key fit together`);
  }
  const { store: _store, ...settings } = options;
  return {
    settings,
    server: describeSide(serverObservation, traced, options, crlChecked),
    client: describeSide(clientObservation, traced, options, false),
    census: traced.census,
    bytesCheck: traced.bytesCheck,
    responseReceived: traced.client.responseStatus === 200,
  };
}

/** Creates a CRL of the client CA that revokes only random serials, so the probe's client still connects. */
async function clientCaCrl(store: PkiStore, clientKey: KeyType): Promise<string> {
  const clientCa = await readCredential(await store.authority(clientKey, 'client'));
  return createCrl(clientCa, randomSerials(1));
}

function describeSide(observation: SideObservation, traced: TracedConnection, options: ProbeOptions, crlChecked: boolean): ProbeSide {
  const isServer = observation.side === 'server';
  // Both sides negotiate the same suite; the client's name is used when the server's is missing.
  const suiteName = observation.cipherStandardName ?? traced.client.observation?.cipherStandardName ?? null;
  const suite = suiteName ? describeCipherSuite(suiteName) : null;
  const reused = observation.sessionReused;

  let keyExchange: string | null = null;
  let keyExchangeSizeBits: number | null = null;
  if (traced.group) {
    const group = describeGroup(traced.group);
    keyExchange = group.name;
    keyExchangeSizeBits = group.sizeBits;
  } else if (suite?.keyExchange === 'RSA') {
    const serverCertificate = isServer ? observation.localCertificate : observation.peerCertificate;
    keyExchange = 'RSA key transport';
    keyExchangeSizeBits = serverCertificate?.keySizeBits ?? null;
  } else if (reused) {
    keyExchange = 'none (resumed session)';
  }

  const signatureAlgorithm = isServer ? traced.signatureAlgorithms.server : traced.signatureAlgorithms.client;
  let signatureNote: string | null = null;
  if (signatureAlgorithm === null) {
    if (reused) signatureNote = 'no signature: resumed session';
    else if (isServer) signatureNote = 'no signature: RSA key transport, the server proves its key by decrypting';
    else signatureNote = options.mode === 'one-way' ? 'no signature: no client certificate requested' : 'no signature sent';
  }

  let peerAuthentication: string;
  if (isServer && options.mode === 'one-way') peerAuthentication = 'not requested (one-way)';
  else if (observation.peerAuthenticated) peerAuthentication = reused ? 'yes, by the resumed session' : 'yes, certificate verified against the trusted CA';
  else peerAuthentication = `no${observation.authorizationError ? ` (${observation.authorizationError})` : ''}`;

  return {
    side: observation.side,
    protocol: observation.protocol,
    cipherSuite: suiteName,
    bulkCipher: suite?.bulkCipher ?? null,
    bulkKeySizeBits: suite?.bulkKeySizeBits ?? null,
    mac: suite?.mac ?? null,
    macSizeBits: suite?.macSizeBits ?? null,
    hash: suite?.hash ?? null,
    hashSizeBits: suite?.hashSizeBits ?? null,
    keyExchange,
    keyExchangeSizeBits,
    signatureAlgorithm,
    signatureNote,
    peerAuthenticated: observation.peerAuthenticated,
    peerAuthentication,
    isServer,
    encrypted: suite !== null && suite.bulkCipher !== 'none',
    integrityProtected: suite !== null,
    crlChecked,
    localCertificate: observation.localCertificate,
    peerCertificate: observation.peerCertificate,
    sessionReused: reused,
  };
}
