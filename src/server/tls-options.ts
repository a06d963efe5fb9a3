import { constants } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { SecureContextOptions, TlsOptions } from 'node:tls';
import type { CellPki } from '../pki/store.js';
import type { Cell } from '../scenario/vocabulary.js';

/** PEM material a server loads for one cell. */
export interface ServerMaterial {
  key: string;
  cert: string;
  /** CA that issued client certificates; only a mutual server loads it. */
  clientCa: string;
  /** PEM CRL of the client CA, for cells with `revocation: crl`. */
  crl: string | null;
}

export function readServerMaterial(pki: CellPki, crlPath: string | null): ServerMaterial {
  return {
    key: readFileSync(pki.server.keyPath, 'utf8'),
    cert: readFileSync(pki.server.certPath, 'utf8'),
    clientCa: readFileSync(pki.clientCa.certPath, 'utf8'),
    crl: crlPath ? readFileSync(crlPath, 'utf8') : null,
  };
}

/**
 * TLS options of a cell's server. One-way: no CertificateRequest is sent. Mutual: the server requests
 * a certificate, verifies it against the client CA and aborts the handshake when it is missing or
 * invalid (`rejectUnauthorized`), so every completed mutual handshake carries a verified client.
 */
export function serverTlsOptions(cell: Pick<Cell, 'mode' | 'protocol' | 'ciphers' | 'revocation' | 'resumption'>, material: ServerMaterial, ticketKeys?: Buffer): TlsOptions {
  const options: TlsOptions & SecureContextOptions = {
    key: material.key,
    cert: material.cert,
    minVersion: cell.protocol,
    maxVersion: cell.protocol,
    // Node derives the default context from the process's command line, so workers started differently
    // would reject each other's sessions. Mutual TLS resumption needs a context, so it is set explicitly.
    sessionIdContext: 'mtls-bench',
  };
  // `session-id`: tickets off, so clients resume by session ID from the server's cache. Other settings
  // keep Node's default of issuing tickets; with `none` the clients simply never offer them.
  if (cell.resumption === 'session-id') options.secureOptions = constants.SSL_OP_NO_TICKET;
  if (ticketKeys) options.ticketKeys = ticketKeys;
  if (cell.ciphers !== null) options.ciphers = cell.ciphers;
  if (cell.mode === 'mutual') {
    options.requestCert = true;
    options.rejectUnauthorized = true;
    options.ca = material.clientCa;
    if (cell.revocation === 'crl' && material.crl) options.crl = material.crl;
  } else {
    options.requestCert = false;
    options.rejectUnauthorized = false;
  }
  return options;
}
