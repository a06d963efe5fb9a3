import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import type { CellPki } from '../pki/store.js';
import type { Cell } from '../scenario/vocabulary.js';

/** PEM material a client loads for one cell. */
export interface ClientMaterial {
  /** CA that issued the server certificate. */
  serverCa: string;
  key: string;
  cert: string;
}

export function readClientMaterial(pki: CellPki): ClientMaterial {
  return {
    serverCa: readFileSync(pki.serverCa.certPath, 'utf8'),
    key: readFileSync(pki.client.keyPath, 'utf8'),
    cert: readFileSync(pki.client.certPath, 'utf8'),
  };
}

/**
 * TLS options of a cell's clients. The client always verifies the server (name `localhost` against
 * the certificate's SAN); in mutual mode it also presents its certificate. A one-way client carries no
 * certificate at all, so a one-way cell cannot accidentally authenticate the client.
 */
export function clientTlsOptions(cell: Pick<Cell, 'mode' | 'protocol' | 'ciphers'>, material: ClientMaterial): ConnectionOptions {
  const options: ConnectionOptions = {
    ca: material.serverCa,
    servername: 'localhost',
    rejectUnauthorized: true,
    minVersion: cell.protocol,
    maxVersion: cell.protocol,
  };
  if (cell.ciphers !== null) options.ciphers = cell.ciphers;
  if (cell.mode === 'mutual') {
    options.key = material.key;
    options.cert = material.cert;
  }
  return options;
}
