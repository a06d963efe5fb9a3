import type { CellHandshake } from '../measure/trial.js';
import type { PkiStore } from '../pki/store.js';
import type { Cell } from '../scenario/vocabulary.js';
import { takeCensus } from '../trace/census-run.js';

/**
 * Traces one full handshake with a cell's settings (OpenSSL's message trace in a child process) to
 * record the signature schemes (Node.js exposes none on a TLSSocket) and the group the server chose.
 * The settings are identical for every trial of the cell, so one traced connection stands for all.
 */
export async function traceCellHandshake(cell: Cell, store: PkiStore): Promise<CellHandshake> {
  try {
    const traced = await takeCensus({ mode: cell.mode, protocol: cell.protocol, serverKey: cell.serverKey, clientKey: cell.clientKey, ciphers: cell.ciphers, tickets: true, resumption: 'none' }, store);
    return { signatureAlgorithms: traced.signatureAlgorithms, group: traced.group, messages: traced.census.handshakeMessages, error: null };
  } catch (error) {
    return { signatureAlgorithms: { server: null, client: null }, group: null, messages: null, error: error instanceof Error ? error.message : String(error) };
  }
}
