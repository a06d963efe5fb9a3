import type { MetricKey } from '../measure/metrics.js';
import type { CellSummary, RunResult } from '../report/result.js';
import { formatNumber, formatRatio } from '../report/format.js';
import type { RatioSummary } from '../stats/summary.js';
import { CLAIM_STATEMENTS, MUTUAL_ADDITIONS, TEXTBOOK_MUTUAL_SEQUENCE, TEXTBOOK_ONE_WAY_SEQUENCE, type ClaimId } from './claims.js';
import type { CensusEvidence, ClaimsEvidence, RunEvidence } from './evidence.js';

export const VERDICT_KINDS = ['holds', 'holds only when', 'does not hold', 'not measured'] as const;
export type VerdictKind = (typeof VERDICT_KINDS)[number];

export interface ClaimVerdict {
  id: ClaimId;
  statement: string;
  verdict: VerdictKind;
  /** For `holds only when`: the conditions, in words. */
  condition: string | null;
  /** One or two sentences that state what was measured. */
  finding: string;
  /** One line per measured fact behind the verdict. */
  evidence: string[];
}

/** Entries of `actual` that `expected` lacks and the reverse, each multiset-aware. */
function difference(actual: readonly string[], expected: readonly string[]): { added: string[]; missing: string[] } {
  const remaining = [...expected];
  const added: string[] = [];
  for (const entry of actual) {
    const position = remaining.indexOf(entry);
    if (position >= 0) remaining.splice(position, 1);
    else added.push(entry);
  }
  return { added, missing: remaining };
}

/** `S:CertificateRequest` → `CertificateRequest (server)`. */
function describeEntry(entry: string): string {
  return `${entry.slice(2)} (${entry.startsWith('C:') ? 'client' : 'server'})`;
}

function describeDifference(actual: readonly string[], expected: readonly string[]): string {
  const { added, missing } = difference(actual, expected);
  const parts: string[] = [];
  if (added.length > 0) parts.push(`adds ${added.map(describeEntry).join(', ')}`);
  if (missing.length > 0) parts.push(`lacks ${missing.map(describeEntry).join(', ')}`);
  if (parts.length === 0 && actual.join() !== expected.join()) parts.push('same messages in another order');
  return parts.length === 0 ? 'exactly the textbook list' : parts.join('; ');
}

function countLine(entry: CensusEvidence, textbook: readonly string[]): string {
  const { census } = entry;
  return (
    `${entry.label}, ${entry.mode}: ${census.handshakeMessages} handshake messages + ${census.changeCipherSpecs} ChangeCipherSpec = ` +
    `${census.textbookCount}` +
    (census.postHandshakeMessages > 0 ? ` (+${census.postHandshakeMessages} after the handshake)` : '') +
    `, ${census.roundTrips} round trip(s); ${describeDifference(entry.sequence, textbook)}`
  );
}

function sameSequence(actual: readonly string[], expected: readonly string[]): boolean {
  return actual.length === expected.length && actual.every((entry, index) => entry === expected[index]);
}

function countVerdict(entries: CensusEvidence[], textbook: readonly string[]): { verdict: VerdictKind; condition: string | null; matches: CensusEvidence[] } {
  const matches = entries.filter((entry) => sameSequence(entry.sequence, textbook));
  if (matches.length === 0) return { verdict: 'does not hold', condition: null, matches };
  if (matches.length === entries.length) return { verdict: 'holds', condition: null, matches };
  const first = matches[0] as CensusEvidence;
  const condition =
    `${matches.map((entry) => entry.label).join(' or ')}, and ChangeCipherSpec counted as a message ` +
    `(it is a record type of its own, so the handshake proper has ${first.census.handshakeMessages} messages)`;
  return { verdict: 'holds only when', condition, matches };
}

function judgeMessageCount(id: 'C1' | 'C2', evidence: ClaimsEvidence): ClaimVerdict {
  const mode = id === 'C1' ? 'one-way' : 'mutual';
  const textbook = id === 'C1' ? TEXTBOOK_ONE_WAY_SEQUENCE : TEXTBOOK_MUTUAL_SEQUENCE;
  const entries = evidence.census.filter((entry) => entry.mode === mode);
  const { verdict, condition, matches } = countVerdict(entries, textbook);
  const evidenceLines = entries.map((entry) => countLine(entry, textbook));
  const sameTotal = entries.filter((entry) => entry.census.textbookCount === textbook.length && !matches.includes(entry));
  let finding =
    matches.length > 0
      ? `The textbook list of ${textbook.length} appears only for ${matches.map((entry) => entry.label).join('; ')}. `
      : `No traced configuration produced the textbook list of ${textbook.length}. `;
  finding += 'ECDHE suites add ServerKeyExchange, TLS 1.2 tickets add NewSessionTicket, resumption skips certificates, and TLS 1.3 uses another flight.';
  if (sameTotal.length > 0) finding += ` These also total ${textbook.length}, but with other messages: ${sameTotal.map((entry) => entry.label).join('; ')}.`;

  if (id === 'C2') {
    const additions = mutualAdditions(evidence);
    evidenceLines.push(...additions.lines);
    finding += additions.allExact
      ? ' In every full handshake traced, TLS 1.2 and TLS 1.3, mutual adds exactly CertificateRequest, Certificate and CertificateVerify and no round trip; a resumed session adds nothing.'
      : ' Mutual did not add exactly CertificateRequest, Certificate and CertificateVerify in every full handshake; see the evidence.';
  }
  return { id, statement: CLAIM_STATEMENTS[id], verdict, condition, finding, evidence: evidenceLines };
}

function mutualAdditions(evidence: ClaimsEvidence): { lines: string[]; allExact: boolean } {
  const lines: string[] = [];
  let allExact = true;
  for (const oneWay of evidence.census.filter((entry) => entry.mode === 'one-way')) {
    const mutual = evidence.census.find((entry) => entry.mode === 'mutual' && entry.label === oneWay.label);
    if (!mutual) continue;
    const resumed = oneWay.settings.resumption !== 'none';
    const { added, missing } = difference(mutual.sequence, oneWay.sequence);
    const expected = resumed ? [] : [...MUTUAL_ADDITIONS];
    const exact = missing.length === 0 && difference(added, expected).added.length === 0 && difference(expected, added).added.length === 0;
    const sameRoundTrips = mutual.census.roundTrips === oneWay.census.roundTrips;
    if (!exact || !sameRoundTrips) allExact = false;
    const change = added.length === 0 && missing.length === 0 ? 'adds nothing' : describeDifference(mutual.sequence, oneWay.sequence);
    lines.push(`${oneWay.label}: mutual vs one-way ${change}; round trips ${oneWay.census.roundTrips} → ${mutual.census.roundTrips}`);
  }
  return { lines, allExact };
}

function formatInterval(ratio: RatioSummary | undefined): string {
  if (!ratio) return 'not measured';
  const interval = ratio.ciLow === ratio.ciHigh ? '' : ` (95% CI ${ratio.ciLow.toFixed(2)}–${ratio.ciHigh.toFixed(2)})`;
  return `${formatRatio(ratio.ratio)}${interval}`;
}

/** Finds the mutual / one-way ratio of `metric` for the cell pair matching `select`; undefined when the run lacks it. */
function modeRatio(result: RunResult, select: (summary: CellSummary) => boolean, metric: MetricKey): RatioSummary | undefined {
  const mutual = result.summaries.find((summary) => summary.cell.mode === 'mutual' && select(summary));
  if (!mutual) return undefined;
  const ratio = result.ratios.find((entry) => entry.axis === 'mode' && entry.numeratorCellId === mutual.cellId);
  return ratio?.metrics[metric];
}

function judgeCipher(evidence: ClaimsEvidence): ClaimVerdict {
  const lines: string[] = [];
  const differing: string[] = [];
  for (const oneWay of evidence.census.filter((entry) => entry.mode === 'one-way')) {
    const mutual = evidence.census.find((entry) => entry.mode === 'mutual' && entry.label === oneWay.label);
    if (!mutual) continue;
    const same = oneWay.cipher === mutual.cipher;
    if (!same) differing.push(oneWay.label);
    lines.push(`${oneWay.label}: one-way ${oneWay.cipher ?? '—'}, mutual ${mutual.cipher ?? '—'}${same ? '' : ' (DIFFERENT)'}`);
  }
  const probe = evidence.probe;
  lines.push(`probe, mutual TLS 1.3: bulk cipher ${probe.client.bulkCipher ?? '—'} on both sides; RSA or ECDSA keys only sign or transport the key`);

  let throughput = 'Keep-alive throughput was not measured';
  if (evidence.fullRun.status === 'measured') {
    const result = evidence.fullRun.result;
    const keys = [...new Set(result.cells.map((cell) => cell.serverKey))];
    const parts = keys.map((key) => `${key} ${formatInterval(modeRatio(result, (s) => s.cell.serverKey === key && s.cell.workload === 'keep-alive', 'requestsPerSecond'))}`);
    throughput = `Keep-alive requests/s, mutual / one-way: ${parts.join(', ')}`;
    lines.push(throughput);
  } else {
    lines.push(`keep-alive throughput: not measured (${evidence.fullRun.reason})`);
  }

  const ciphers = [...new Set(evidence.census.map((entry) => entry.cipher).filter((cipher): cipher is string => cipher !== null))];
  if (differing.length === 0) {
    return {
      id: 'C3',
      statement: CLAIM_STATEMENTS.C3,
      verdict: 'does not hold',
      condition: null,
      finding:
        `Both modes negotiated the same suite in every configuration (${ciphers.join(', ')}): client authentication does not choose the cipher. ` +
        `RSA never encrypts the data; in TLS 1.2 RSA key transport it only encrypts the pre-master secret. ${throughput}.`,
      evidence: lines,
    };
  }
  return {
    id: 'C3',
    statement: CLAIM_STATEMENTS.C3,
    verdict: 'holds only when',
    condition: `the configurations ${differing.join(', ')} (mutual negotiated another suite there)`,
    finding: `The suites differed between modes in ${differing.length} configuration(s). ${throughput}.`,
    evidence: lines,
  };
}

function judgeAuthentication(evidence: ClaimsEvidence): ClaimVerdict {
  const { matrix } = evidence;
  const lines: string[] = [];
  for (const row of matrix.authentication) {
    const server = row.serverObserved.authorizationError ?? row.serverObserved.error ?? (row.serverObserved.accepted ? 'accepted' : 'no handshake');
    const client = row.clientObserved.responseStatus !== null ? `HTTP ${row.clientObserved.responseStatus}` : (row.clientObserved.error ?? 'no response');
    const late = row.lateRejection ? ', after its handshake had finished' : '';
    lines.push(`${row.protocol} ${row.serverMode} server, ${row.client}: ${row.outcome} (expected ${row.expected}); server saw ${server}; client saw ${client}${late}`);
  }
  for (const row of matrix.legacy) {
    lines.push(`${row.serverProtocol} server offered ${row.offered} by ${row.method}: ${row.refused ? 'refused' : 'ACCEPTED'}; client saw ${row.clientSaw}; server saw ${row.serverSaw ?? '—'}`);
  }
  const unexpected = matrix.authentication.filter((row) => !row.asExpected);
  const accepted = matrix.legacy.filter((row) => !row.refused);
  const holds = unexpected.length === 0 && accepted.length === 0;
  return {
    id: 'C4',
    statement: CLAIM_STATEMENTS.C4,
    verdict: holds ? 'holds only when' : 'does not hold',
    condition: holds ? 'the server requests client certificates and verifies them against a trusted CA, and loads a CRL to catch revoked ones' : null,
    finding: holds
      ? 'A mutual server rejected clients with no certificate, an untrusted CA, an expired certificate, no clientAuth usage and a revoked one, and accepted the valid one, on TLS 1.2 and 1.3; ' +
        'a one-way server accepted all six. Node 20 sends an alert only for a missing certificate: a certificate that fails verification makes the server close the connection, ' +
        'and in TLS 1.3 the client has already finished its handshake by then. Every server refused SSLv3, TLS 1.0 and TLS 1.1.'
      : `${unexpected.length} matrix row(s) did not give the expected outcome and ${accepted.length} legacy offer(s) were accepted; see the evidence.`,
    evidence: lines,
  };
}

function runLine(label: string, run: RunEvidence, describe: (result: RunResult) => string[]): string[] {
  if (run.status === 'not-measured') return [`${label}: not measured (${run.reason})`];
  return describe(run.result).map((line) => `${label}: ${line}`);
}

function judgePerformance(evidence: ClaimsEvidence): ClaimVerdict {
  const lines: string[] = [];
  let fullCostsMore = false;
  lines.push(
    ...runLine('full handshakes', evidence.fullRun, (result) =>
      [...new Set(result.cells.map((cell) => cell.serverKey))].map((key) => {
        const select = (summary: CellSummary): boolean => summary.cell.serverKey === key && summary.cell.workload === 'handshake';
        const cpu = modeRatio(result, select, 'serverCpuUsPerHandshake');
        if (cpu && cpu.ciLow > 1) fullCostsMore = true;
        return (
          `${key}: server CPU/handshake ${formatInterval(cpu)}, client CPU/handshake ${formatInterval(modeRatio(result, select, 'clientCpuUsPerHandshake'))}, ` +
          `handshakes/s ${formatInterval(modeRatio(result, select, 'handshakesPerSecond'))}, bytes client→server ${formatInterval(modeRatio(result, select, 'bytesClientToServerPerHandshake'))}, ` +
          `keep-alive requests/s ${formatInterval(modeRatio(result, (s) => s.cell.serverKey === key && s.cell.workload === 'keep-alive', 'requestsPerSecond'))}`
        );
      }),
    ),
  );
  let resumedNote = 'resumed sessions were not measured';
  if (evidence.resumedRun.status === 'measured') {
    const result = evidence.resumedRun.result;
    const reuse = Math.min(...result.summaries.map((summary) => summary.metrics.reuseRatio?.median ?? 0));
    if (reuse < 0.99) {
      lines.push(`resumed handshakes: not measured (the run resumed only ${(reuse * 100).toFixed(0)}% of sessions)`);
      resumedNote = 'resumed sessions were not measured (the runner did not resume them)';
    } else {
      lines.push(
        ...runLine('resumed handshakes', evidence.resumedRun, (run) =>
          [...new Set(run.cells.map((cell) => cell.serverKey))].map((key) => {
            const select = (summary: CellSummary): boolean => summary.cell.serverKey === key;
            return `${key}: server CPU/handshake ${formatInterval(modeRatio(run, select, 'serverCpuUsPerHandshake'))}, bytes client→server ${formatInterval(modeRatio(run, select, 'bytesClientToServerPerHandshake'))}`;
          }),
        ),
      );
      resumedNote = 'see the resumed-handshake ratios for what remains on a resumed session';
    }
  } else {
    lines.push(`resumed handshakes: not measured (${evidence.resumedRun.reason})`);
  }
  for (const prediction of evidence.predictions) {
    const measured = evidence.comparison.find((row) => row.serverKey === prediction.serverKey && row.clientKey === prediction.clientKey);
    const measuredText = measured?.measuredExtraServerUs != null ? `measured ${formatNumber(measured.measuredExtraServerUs)} µs` : 'not measured';
    lines.push(
      `cost model, ${prediction.serverKey}: predicted minimum extra server CPU ${formatNumber(prediction.server.extraUs)} µs (${measuredText}), ` +
        `extra client CPU ${formatNumber(prediction.client.extraUs)} µs; crypto-bound ceiling ${formatNumber(prediction.server.oneWayCeilingPerSecond)} → ${formatNumber(prediction.server.mutualCeilingPerSecond)} handshakes/s per core` +
        (measured?.mutualShareOfCeilingPercent != null ? `; measured mutual rate ${formatNumber(measured.mutualShareOfCeilingPercent)}% of the ceiling` : ''),
    );
  }

  if (evidence.fullRun.status === 'not-measured') {
    return { id: 'C5', statement: CLAIM_STATEMENTS.C5, verdict: 'not measured', condition: null, finding: `The timed comparison did not run: ${evidence.fullRun.reason}. The cost model still predicts a positive extra CPU per mutual handshake.`, evidence: lines };
  }
  return {
    id: 'C5',
    statement: CLAIM_STATEMENTS.C5,
    verdict: fullCostsMore ? 'holds only when' : 'does not hold',
    condition: fullCostsMore ? 'every request makes a new full handshake; with keep-alive connections the handshake cost is paid once per connection' : null,
    finding: fullCostsMore
      ? `Mutual full handshakes cost the server measurably more CPU and send the client's certificate. Verifying the client's CertificateVerify and certificate signature explains only part of the extra CPU (see the cost model below); the rest goes to parsing and checking the certificate and to Node's per-connection work. ${resumedNote[0]?.toUpperCase() ?? ''}${resumedNote.slice(1)}.`
      : `The quick run found no server CPU difference outside the confidence interval; ${resumedNote}. A longer run (bench run mutual-vs-oneway) narrows the intervals.`,
    evidence: lines,
  };
}

function judgeProbe(evidence: ClaimsEvidence): ClaimVerdict {
  const { server, client } = evidence.probe;
  const lines = [server, client].map(
    (side) =>
      `${side.side}: ${side.protocol}, ${side.cipherSuite} (${side.bulkCipher}, ${side.bulkKeySizeBits} bits), hash ${side.hash}, key exchange ${side.keyExchange}, ` +
      `signature ${side.signatureAlgorithm ?? side.signatureNote}, peer authenticated: ${side.peerAuthentication}, CRL checked: ${side.crlChecked ? 'yes' : 'no'}, ` +
      `local ${side.localCertificate?.subject ?? 'none'}, remote ${side.peerCertificate?.subject ?? 'none'}`,
  );
  const filled = [server, client].every((side) => side.protocol && side.cipherSuite && side.keyExchange && side.localCertificate && side.peerCertificate);
  return {
    id: 'C6',
    statement: CLAIM_STATEMENTS.C6,
    verdict: filled ? 'holds' : 'not measured',
    condition: null,
    finding: filled
      ? `bench probe shows both sides with exact values instead of coarse labels: ${client.cipherSuite}, ${client.keyExchange}, ${client.signatureAlgorithm ?? 'no signature'}; ` +
        'both sides authenticated their peer, and only the server checked a CRL.'
      : 'The probe connection did not report every field; see the evidence.',
    evidence: lines,
  };
}

function judgeGeneralCosts(): ClaimVerdict {
  return {
    id: 'C7',
    statement: CLAIM_STATEMENTS.C7,
    verdict: 'not measured',
    condition: null,
    finding:
      'Certificate prices, proxy caching and mixed content are outside what a loopback benchmark can measure. ' +
      "The tool's certificates are generated locally and never leave this machine.",
    evidence: [],
  };
}

/** Turns the collected evidence into one verdict per claim. */
export function judgeClaims(evidence: ClaimsEvidence): ClaimVerdict[] {
  return [
    judgeMessageCount('C1', evidence),
    judgeMessageCount('C2', evidence),
    judgeCipher(evidence),
    judgeAuthentication(evidence),
    judgePerformance(evidence),
    judgeProbe(evidence),
    judgeGeneralCosts(),
  ];
}
