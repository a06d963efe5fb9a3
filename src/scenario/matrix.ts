import { cellId, type Cell, type KeyType, type Protocol, type Resumption } from './vocabulary.js';
import type { Scenario } from './schema.js';

/** A cell the matrix would contain but the runtime cannot measure, with the reason. */
export interface SkippedCell {
  cell: Omit<Cell, 'id'>;
  reason: string;
}

/**
 * Returns why a combination cannot be measured on this runtime, or null when it can. Node 20
 * (OpenSSL 3.0) turns OpenSSL's internal session cache off, so `session-id` works only through the
 * server's `newSession`/`resumeSession` events. In TLS 1.3 with tickets off, `resumeSession`
 * receives the client's random legacy session ID instead of a PSK identity, so nothing resumes.
 */
export function unsupportedReason(protocol: Protocol, resumption: Resumption): string | null {
  if (protocol === 'TLSv1.3' && resumption === 'session-id') {
    return 'session-id resumption does not work on TLSv1.3 in Node.js (TLS 1.3 resumes only with tickets); use ticket';
  }
  return null;
}

function product<T extends Record<string, readonly unknown[]>>(axes: T): { [K in keyof T]: T[K][number] }[] {
  let rows: Record<string, unknown>[] = [{}];
  for (const [name, values] of Object.entries(axes)) {
    rows = rows.flatMap((row) => values.map((value) => ({ ...row, [name]: value })));
  }
  return rows as { [K in keyof T]: T[K][number] }[];
}

/** Expands a scenario's matrix into cells (the cartesian product of its axes) in file order. */
export function expandMatrix(scenario: Scenario): { cells: Cell[]; skipped: SkippedCell[] } {
  const m = scenario.matrix;
  const rows = product({
    serverKey: m.serverKey,
    clientKey: m.clientKey ?? [null],
    caKey: m.caKey ?? [null],
    protocol: m.protocol,
    resumption: m.resumption,
    workload: m.workload,
    ciphers: m.ciphers ?? [null],
    revocation: m.revocation,
    revokedCount: m.revokedCount,
    mode: m.mode,
  });
  const cells: Cell[] = [];
  const skipped: SkippedCell[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    // Revocation applies only to mutual cells: one-way servers never see a client certificate.
    const revocation = row.mode === 'mutual' ? row.revocation : 'none';
    const cell: Omit<Cell, 'id'> = {
      mode: row.mode,
      serverKey: row.serverKey,
      clientKey: (row.clientKey ?? row.serverKey) as KeyType,
      caKey: row.caKey,
      protocol: row.protocol,
      resumption: row.resumption,
      workload: row.workload,
      ciphers: row.ciphers,
      revocation,
      revokedCount: revocation === 'crl' ? row.revokedCount : 0,
    };
    const reason = unsupportedReason(cell.protocol, cell.resumption);
    if (reason) {
      skipped.push({ cell, reason });
      continue;
    }
    const id = cellId(cell);
    if (seen.has(id)) continue;
    seen.add(id);
    cells.push({ id, ...cell });
  }
  return { cells, skipped };
}
