/**
 * The words of the measurement matrix. Each list is the single source of accepted values:
 * validation messages, CLI help and report labels all read from here.
 */

export const MODES = ['one-way', 'mutual'] as const;
export type Mode = (typeof MODES)[number];

export const KEY_TYPES = ['rsa-2048', 'rsa-3072', 'rsa-4096', 'ecdsa-p256', 'ecdsa-p384', 'ed25519'] as const;
export type KeyType = (typeof KEY_TYPES)[number];

export const PROTOCOLS = ['TLSv1.2', 'TLSv1.3'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

export const RESUMPTIONS = ['none', 'session-id', 'ticket'] as const;
export type Resumption = (typeof RESUMPTIONS)[number];

export const WORKLOADS = ['handshake', 'keep-alive'] as const;
export type Workload = (typeof WORKLOADS)[number];

export const REVOCATIONS = ['none', 'crl'] as const;
export type Revocation = (typeof REVOCATIONS)[number];

/** One point of a scenario's matrix: everything that decides how a trial's server and clients are set up. */
export interface Cell {
  /** Stable identifier built from the parameters, e.g. `mutual/ecdsa-p256/TLSv1.3/none/handshake`. */
  id: string;
  mode: Mode;
  serverKey: KeyType;
  clientKey: KeyType;
  /** Key type of the CA that issues both leaves; null means each leaf's CA has the leaf's own type. */
  caKey: KeyType | null;
  protocol: Protocol;
  resumption: Resumption;
  workload: Workload;
  /** OpenSSL cipher list (TLS 1.2 suites) or null for Node's default. */
  ciphers: string | null;
  revocation: Revocation;
  /** Number of revoked serials in the CRL when `revocation` is `crl`. */
  revokedCount: number;
}

/** The parameters that make a cell, in the order they appear in ids, tables and CSV columns. */
export const CELL_AXES = [
  'mode',
  'serverKey',
  'clientKey',
  'caKey',
  'protocol',
  'resumption',
  'workload',
  'ciphers',
  'revocation',
  'revokedCount',
] as const satisfies readonly (keyof Cell)[];
export type CellAxis = (typeof CELL_AXES)[number];

/** Builds the id of a cell from its parameters, leaving out parameters at their defaults. */
export function cellId(cell: Omit<Cell, 'id'>): string {
  const parts: string[] = [cell.mode, cell.serverKey];
  if (cell.clientKey !== cell.serverKey) parts.push(`client=${cell.clientKey}`);
  if (cell.caKey !== null) parts.push(`ca=${cell.caKey}`);
  parts.push(cell.protocol, `resumption=${cell.resumption}`, cell.workload);
  if (cell.ciphers !== null) parts.push(`ciphers=${cell.ciphers}`);
  if (cell.revocation !== 'none') parts.push(`crl=${cell.revokedCount}`);
  return parts.join('/');
}
