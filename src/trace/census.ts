import { HANDSHAKE_HEADER_BYTES, RECORD_HEADER_BYTES, type TraceRecord } from './openssl-trace.js';

export type WireDirection = 'client-to-server' | 'server-to-client';

/**
 * One entry of the handshake in wire order: a handshake message, or a ChangeCipherSpec, which is a
 * record type of its own (content type 20) and not a handshake message.
 */
export interface CensusEntry {
  /** Position in the connection, from 1. */
  index: number;
  kind: 'handshake' | 'change-cipher-spec';
  /** Message name, e.g. `ServerHello`; `ChangeCipherSpec` for a ChangeCipherSpec record. */
  type: string;
  direction: WireDirection;
  /** Message size with its 4-byte header; 1 for a ChangeCipherSpec (its payload byte). */
  sizeBytes: number;
  /** True when the message travelled inside an encrypted record. */
  encrypted: boolean;
  /** `post-handshake` for messages after both Finished messages, e.g. TLS 1.3 NewSessionTicket. */
  phase: 'handshake' | 'post-handshake';
  /** Flight number (from 1) for handshake-phase entries; null after the handshake. */
  flight: number | null;
}

/** Consecutive handshake-phase entries sent by one side before it waits for the other. */
export interface CensusFlight {
  index: number;
  direction: WireDirection;
  types: string[];
}

export interface DirectionBytes {
  clientToServer: number;
  serverToClient: number;
}

export interface Census {
  entries: CensusEntry[];
  flights: CensusFlight[];
  /** Handshake messages up to and including the last Finished; ChangeCipherSpec not included. */
  handshakeMessages: number;
  /** ChangeCipherSpec records during the handshake (TLS 1.3 sends them only for middlebox compatibility). */
  changeCipherSpecs: number;
  /** Handshake messages plus ChangeCipherSpec records: how the common textbook count treats them. */
  textbookCount: number;
  /** Handshake messages after the handshake, e.g. TLS 1.3 NewSessionTicket. */
  postHandshakeMessages: number;
  /** Server-to-client flights before the client may send application data. */
  roundTrips: number;
  /** Wire bytes (record headers included) of the handshake phase, per direction. */
  handshakeBytes: DirectionBytes;
  /** Wire bytes of every traced record, including application data, alerts and tickets. */
  tracedBytes: DirectionBytes;
}

function directionOf(record: TraceRecord, tracedSide: 'client' | 'server'): WireDirection {
  const clientSent = (record.direction === 'sent') === (tracedSide === 'client');
  return clientSent ? 'client-to-server' : 'server-to-client';
}

/**
 * Builds the census of one connection from its trace. The handshake ends when each side has sent a
 * Finished message. In TLS 1.2 the server's NewSessionTicket comes before its Finished, so it counts
 * as a handshake message. In TLS 1.3 tickets arrive afterwards and count as post-handshake.
 */
export function buildCensus(records: readonly TraceRecord[], tracedSide: 'client' | 'server' = 'client'): Census {
  const entries: CensusEntry[] = [];
  const finishedBy = new Set<WireDirection>();
  const handshakeBytes: DirectionBytes = { clientToServer: 0, serverToClient: 0 };
  const tracedBytes: DirectionBytes = { clientToServer: 0, serverToClient: 0 };

  for (const record of records) {
    const direction = directionOf(record, tracedSide);
    const key = direction === 'client-to-server' ? 'clientToServer' : 'serverToClient';
    const wireBytes = record.length + RECORD_HEADER_BYTES;
    tracedBytes[key] += wireBytes;

    const handshakeOver = finishedBy.size === 2;
    const effectiveType = record.innerContentType ?? record.contentType;
    if (!handshakeOver && (effectiveType === 'Handshake' || effectiveType === 'ChangeCipherSpec')) handshakeBytes[key] += wireBytes;

    if (record.contentType === 'ChangeCipherSpec') {
      entries.push({ index: 0, kind: 'change-cipher-spec', type: 'ChangeCipherSpec', direction, sizeBytes: 1, encrypted: false, phase: handshakeOver ? 'post-handshake' : 'handshake', flight: null });
      continue;
    }
    if (effectiveType !== 'Handshake') continue;
    // TLS 1.2 Finished travels in a Handshake record that is already encrypted; OpenSSL traces it decrypted.
    const encrypted = record.innerContentType !== null || record.length !== record.messages.reduce((sum, m) => sum + m.bodyLength + HANDSHAKE_HEADER_BYTES, 0);
    for (const message of record.messages) {
      const phase = finishedBy.size === 2 ? 'post-handshake' : 'handshake';
      entries.push({ index: 0, kind: 'handshake', type: message.type, direction, sizeBytes: message.bodyLength + HANDSHAKE_HEADER_BYTES, encrypted, phase, flight: null });
      if (message.type === 'Finished') finishedBy.add(direction);
    }
  }

  const flights = assignFlights(entries);
  const inHandshake = entries.filter((entry) => entry.phase === 'handshake');
  const handshakeMessages = inHandshake.filter((entry) => entry.kind === 'handshake').length;
  const changeCipherSpecs = inHandshake.length - handshakeMessages;
  return {
    entries,
    flights,
    handshakeMessages,
    changeCipherSpecs,
    textbookCount: handshakeMessages + changeCipherSpecs,
    postHandshakeMessages: entries.filter((entry) => entry.phase === 'post-handshake' && entry.kind === 'handshake').length,
    roundTrips: flights.filter((flight) => flight.direction === 'server-to-client').length,
    handshakeBytes,
    tracedBytes,
  };
}

/** Numbers the entries and groups handshake-phase entries into flights by direction changes. */
function assignFlights(entries: CensusEntry[]): CensusFlight[] {
  const flights: CensusFlight[] = [];
  entries.forEach((entry, position) => {
    entry.index = position + 1;
    if (entry.phase !== 'handshake') return;
    let current = flights.at(-1);
    if (!current || current.direction !== entry.direction) {
      current = { index: flights.length + 1, direction: entry.direction, types: [] };
      flights.push(current);
    }
    current.types.push(entry.type);
    entry.flight = current.index;
  });
  return flights;
}

/** Handshake-phase message names in order, ChangeCipherSpec included, e.g. for comparing two censuses. */
export function handshakeSequence(census: Census): string[] {
  return census.entries.filter((entry) => entry.phase === 'handshake').map((entry) => `${entry.direction === 'client-to-server' ? 'C' : 'S'}:${entry.type}`);
}
