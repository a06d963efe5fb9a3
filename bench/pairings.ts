import type { TrialRecord } from '../src/measure/trial.js';

/** Process entries of the bare implementations, compiled next to this file. */
export const BARE_SERVER_ENTRY = new URL('./bare-server.js', import.meta.url);
export const BARE_CLIENT_ENTRY = new URL('./bare-client.js', import.meta.url);
/** The harness's own load worker, for the memory check, which forks it without `runTrial`. */
export const HARNESS_LOAD_ENTRY = new URL('../src/load/process.js', import.meta.url);

export type PairingId = 'driver-bare' | 'bare-bare' | 'driver-harness';

/** One client/server combination. An absent entry means the harness's own process. */
export interface Pairing {
  id: PairingId;
  label: string;
  loadEntry?: URL;
  serverEntry?: URL;
}

export const PAIRINGS: readonly Pairing[] = [
  { id: 'driver-bare', label: 'harness driver → bare server', serverEntry: BARE_SERVER_ENTRY },
  { id: 'bare-bare', label: 'bare client → bare server', loadEntry: BARE_CLIENT_ENTRY, serverEntry: BARE_SERVER_ENTRY },
  { id: 'driver-harness', label: 'harness driver → harness server' },
];

export interface PairingTrial {
  pairing: Pairing;
  record: TrialRecord;
}

/** The overhead ceiling both comparisons are held to: the harness may cost at most 10% more CPU per handshake. */
export const TARGET_RATIO = 1.1;
