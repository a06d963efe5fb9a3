import type { Census } from './census.js';

/** Lays out rows as columns separated by two spaces; the last column is not padded. */
export function alignColumns(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, column) => (widths[column] = Math.max(widths[column] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0))).join('  ').trimEnd());
}

/** Formats the census as a table: one line per message in wire order, then the counts and the byte check. */
export function formatCensus(census: Census, bytesCheck?: { raw: { clientToServer: number; serverToClient: number }; matches: boolean }): string[] {
  const rows: string[][] = [['#', 'flight', 'direction', 'message', 'bytes', 'record']];
  for (const entry of census.entries) {
    rows.push([
      String(entry.index),
      entry.flight === null ? 'after' : String(entry.flight),
      entry.direction === 'client-to-server' ? 'client → server' : 'server → client',
      entry.kind === 'change-cipher-spec' ? 'ChangeCipherSpec (own record type)' : entry.type,
      String(entry.sizeBytes),
      entry.encrypted ? 'encrypted' : 'plaintext',
    ]);
  }
  const lines = alignColumns(rows);
  lines.push(
    `handshake messages: ${census.handshakeMessages}; ChangeCipherSpec records: ${census.changeCipherSpecs}; ` +
      `counted the textbook way (ChangeCipherSpec as a message): ${census.textbookCount}`,
    `after the handshake: ${census.postHandshakeMessages} message(s); flights: ${census.flights.length}; round trips before application data: ${census.roundTrips}`,
    `handshake bytes on the wire: client → server ${census.handshakeBytes.clientToServer}, server → client ${census.handshakeBytes.serverToClient}`,
  );
  if (bytesCheck) {
    const traced = census.tracedBytes;
    const verdict = bytesCheck.matches ? 'match' : 'DIFFER';
    lines.push(
      `whole connection, trace vs TCP socket counters: client → server ${traced.clientToServer} / ${bytesCheck.raw.clientToServer}, ` +
        `server → client ${traced.serverToClient} / ${bytesCheck.raw.serverToClient} (${verdict})`,
    );
  }
  return lines;
}
