import { clientTlsOptions, readClientMaterial, type ClientMaterial } from '../load/tls-options.js';
import { PkiStore } from '../pki/store.js';
import { readServerMaterial, type ServerMaterial } from '../server/tls-options.js';
import type { KeyType, Mode, Protocol, Resumption } from '../scenario/vocabulary.js';
import { traceConnection, type TracedConnection } from './connection.js';

/** One configuration to take a census of. */
export interface CensusSettings {
  mode: Mode;
  protocol: Protocol;
  serverKey: KeyType;
  clientKey: KeyType;
  /** OpenSSL cipher list for TLS 1.2, or null for Node's default list. */
  ciphers: string | null;
  /** Whether the server issues session tickets. */
  tickets: boolean;
  /** `none` traces a full handshake; otherwise a first connection obtains a session and the resumed one is traced. */
  resumption: Resumption;
}

export interface CensusCase {
  /** Short label for tables, e.g. `TLS 1.2, RSA key transport, no ticket`. */
  label: string;
  settings: CensusSettings;
}

/** TLS 1.2 suite with RSA key transport: the client encrypts the pre-master secret to the server's RSA key. */
export const RSA_KEY_TRANSPORT_SUITE = 'AES128-GCM-SHA256';
/** TLS 1.2 suite with an ephemeral (EC)DH key exchange signed by an RSA server key. */
export const ECDHE_RSA_SUITE = 'ECDHE-RSA-AES128-GCM-SHA256';

/** Configurations that show when the textbook counts hold and what changes them; each runs in both modes. */
export const CENSUS_CASES: readonly { label: string; settings: Omit<CensusSettings, 'mode'> }[] = [
  { label: 'TLS 1.2, RSA key transport, no ticket', settings: { protocol: 'TLSv1.2', serverKey: 'rsa-2048', clientKey: 'rsa-2048', ciphers: RSA_KEY_TRANSPORT_SUITE, tickets: false, resumption: 'none' } },
  { label: 'TLS 1.2, RSA key transport, ticket', settings: { protocol: 'TLSv1.2', serverKey: 'rsa-2048', clientKey: 'rsa-2048', ciphers: RSA_KEY_TRANSPORT_SUITE, tickets: true, resumption: 'none' } },
  { label: 'TLS 1.2, ECDHE, no ticket', settings: { protocol: 'TLSv1.2', serverKey: 'rsa-2048', clientKey: 'rsa-2048', ciphers: ECDHE_RSA_SUITE, tickets: false, resumption: 'none' } },
  { label: 'TLS 1.2, ECDHE, resumed by ticket', settings: { protocol: 'TLSv1.2', serverKey: 'rsa-2048', clientKey: 'rsa-2048', ciphers: ECDHE_RSA_SUITE, tickets: true, resumption: 'ticket' } },
  { label: 'TLS 1.2, ECDHE, resumed by session ID', settings: { protocol: 'TLSv1.2', serverKey: 'rsa-2048', clientKey: 'rsa-2048', ciphers: ECDHE_RSA_SUITE, tickets: false, resumption: 'session-id' } },
  // NOTE: SSL_OP_NO_TICKET does not stop TLS 1.3 tickets in OpenSSL 3.0. The server still sends two
  // NewSessionTicket messages after the handshake, stateful ones that name a server-side session.
  { label: 'TLS 1.3, SSL_OP_NO_TICKET', settings: { protocol: 'TLSv1.3', serverKey: 'rsa-2048', clientKey: 'rsa-2048', ciphers: null, tickets: false, resumption: 'none' } },
  { label: 'TLS 1.3, tickets (Node default)', settings: { protocol: 'TLSv1.3', serverKey: 'rsa-2048', clientKey: 'rsa-2048', ciphers: null, tickets: true, resumption: 'none' } },
  { label: 'TLS 1.3, resumed by ticket', settings: { protocol: 'TLSv1.3', serverKey: 'rsa-2048', clientKey: 'rsa-2048', ciphers: null, tickets: true, resumption: 'ticket' } },
];

export interface CellMaterial {
  server: ServerMaterial;
  client: ClientMaterial;
}

/** Reads the cached server and client credentials for a key pairing, generating them on first use. */
export async function readCellMaterial(store: PkiStore, serverKey: KeyType, clientKey: KeyType, crl: string | null = null): Promise<CellMaterial> {
  const pki = await store.forCell({ serverKey, clientKey, caKey: null });
  const server = readServerMaterial(pki, null);
  return { server: { ...server, crl }, client: readClientMaterial(pki) };
}

/** Traces one connection of the given configuration, with the benchmark's server and client TLS options. */
export async function takeCensus(settings: CensusSettings, store: PkiStore = new PkiStore()): Promise<TracedConnection> {
  const material = await readCellMaterial(store, settings.serverKey, settings.clientKey);
  const cell = { mode: settings.mode, protocol: settings.protocol, ciphers: settings.ciphers, revocation: 'none' as const };
  return traceConnection({
    cell,
    material: material.server,
    tickets: settings.tickets,
    resumption: settings.resumption,
    clientTls: clientTlsOptions(cell, material.client),
  });
}
