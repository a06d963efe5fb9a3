import type { CellPki, PkiStore } from '../pki/store.js';
import type { Cell } from '../scenario/vocabulary.js';

export interface PreparedPki {
  pki: CellPki;
  /** PEM CRL of the client CA for cells with `revocation: crl`, else null. */
  crlPath: string | null;
}

/** Makes sure a cell's certificates (and CRL) exist on disk before any process needs them. */
export async function prepareCellPki(store: PkiStore, cell: Cell): Promise<PreparedPki> {
  const pki = await store.forCell({ serverKey: cell.serverKey, clientKey: cell.clientKey, caKey: cell.caKey });
  const crlPath = cell.mode === 'mutual' && cell.revocation === 'crl' ? await store.crl(pki.clientCa.keyType, cell.revokedCount) : null;
  return { pki, crlPath };
}
