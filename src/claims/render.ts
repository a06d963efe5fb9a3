import { formatNumber } from '../report/format.js';
import { alignColumns } from '../trace/census-format.js';
import type { ClaimsEvidence } from './evidence.js';
import type { ClaimVerdict } from './verdicts.js';

export interface ClaimsReport {
  verdicts: ClaimVerdict[];
  evidence: ClaimsEvidence;
}

function verdictText(verdict: ClaimVerdict): string {
  return verdict.verdict === 'holds only when' && verdict.condition ? `holds only when ${verdict.condition}` : verdict.verdict;
}

/** Rows of the census table: one per configuration, one-way and mutual side by side. */
function censusRows(evidence: ClaimsEvidence): string[][] {
  const rows: string[][] = [['configuration', 'one-way: messages + CCS = count', 'mutual: messages + CCS = count', 'round trips', 'after handshake', 'bytes check']];
  for (const oneWay of evidence.census.filter((entry) => entry.mode === 'one-way')) {
    const mutual = evidence.census.find((entry) => entry.mode === 'mutual' && entry.label === oneWay.label);
    if (!mutual) continue;
    const count = (entry: typeof oneWay): string => `${entry.census.handshakeMessages} + ${entry.census.changeCipherSpecs} = ${entry.census.textbookCount}`;
    rows.push([
      oneWay.label,
      count(oneWay),
      count(mutual),
      `${oneWay.census.roundTrips} / ${mutual.census.roundTrips}`,
      `${oneWay.census.postHandshakeMessages} / ${mutual.census.postHandshakeMessages}`,
      oneWay.bytesMatch && mutual.bytesMatch ? 'trace = TCP counters' : 'MISMATCH',
    ]);
  }
  return rows;
}

/** Rows of the cost model table: per key type, operation costs, prediction and measurement. */
function costRows(evidence: ClaimsEvidence): string[][] {
  const rows: string[][] = [['key type', 'sign µs', 'verify µs', 'predicted extra server µs', 'measured extra server µs', 'predicted extra client µs', 'ceiling one-way/mutual per core', 'measured % of ceiling']];
  for (const prediction of evidence.predictions) {
    const cost = evidence.costs.keyTypes.find((entry) => entry.keyType === prediction.serverKey);
    const measured = evidence.comparison.find((row) => row.serverKey === prediction.serverKey && row.clientKey === prediction.clientKey);
    rows.push([
      prediction.serverKey,
      formatNumber(cost?.signUs),
      formatNumber(cost?.verifyUs),
      formatNumber(prediction.server.extraUs),
      measured?.measuredExtraServerUs != null ? formatNumber(measured.measuredExtraServerUs) : 'not measured',
      formatNumber(prediction.client.extraUs),
      `${formatNumber(prediction.server.oneWayCeilingPerSecond)} / ${formatNumber(prediction.server.mutualCeilingPerSecond)}`,
      measured?.mutualShareOfCeilingPercent != null ? `${formatNumber(measured.mutualShareOfCeilingPercent)}%${measured.loadBound ? ' (load-bound)' : ''}` : 'not measured',
    ]);
  }
  return rows;
}

function keyExchangeLine(evidence: ClaimsEvidence): string {
  return evidence.costs.keyExchange.map((entry) => `${entry.group} ${formatNumber(entry.perSideUs)} µs per side (key generation ${formatNumber(entry.keyGenerationUs)} + derive ${formatNumber(entry.deriveUs)})`).join('; ');
}

function runsLine(evidence: ClaimsEvidence): string[] {
  return [
    evidence.fullRun.status === 'measured' ? `full-handshake and keep-alive run: ${evidence.fullRun.dir}` : `full-handshake and keep-alive run: not measured (${evidence.fullRun.reason})`,
    evidence.resumedRun.status === 'measured' ? `resumed-handshake run: ${evidence.resumedRun.dir}` : `resumed-handshake run: not measured (${evidence.resumedRun.reason})`,
  ];
}

/** Renders the report for a terminal: verdict table, then each claim with its evidence, census and cost model. */
export function renderClaimsText(report: ClaimsReport): string {
  const { verdicts, evidence } = report;
  const lines: string[] = [`Common descriptions of one-way and mutual TLS, checked on Node ${evidence.costs.node} with OpenSSL ${evidence.costs.openssl}`, ''];
  lines.push(...alignColumns([['claim', 'verdict'], ...verdicts.map((verdict) => [verdict.id, verdictText(verdict)])]), '');
  for (const verdict of verdicts) {
    lines.push(`${verdict.id}  ${verdict.statement}`, `    verdict: ${verdictText(verdict)}`, `    ${verdict.finding}`);
    for (const line of verdict.evidence) lines.push(`    - ${line}`);
    lines.push('');
  }
  lines.push('Handshake census (client-side OpenSSL trace of one real connection per cell; CCS = ChangeCipherSpec records)', ...alignColumns(censusRows(evidence)), '');
  lines.push(`Crypto cost model (tinybench medians; server and client keys of the same type; X25519 key exchange)`, ...alignColumns(costRows(evidence)));
  lines.push(`key exchange: ${keyExchangeLine(evidence)}`, '', ...runsLine(evidence));
  return lines.join('\n') + '\n';
}

function markdownTable(rows: readonly (readonly string[])[]): string[] {
  const escape = (cell: string): string => cell.replace(/\|/g, '\\|');
  const [header, ...body] = rows;
  if (!header) return [];
  return [`| ${header.map(escape).join(' | ')} |`, `|${header.map(() => ' --- ').join('|')}|`, ...body.map((row) => `| ${row.map(escape).join(' | ')} |`)];
}

/** Renders the same report as Markdown, for pull requests and docs. */
export function renderClaimsMarkdown(report: ClaimsReport): string {
  const { verdicts, evidence } = report;
  const lines: string[] = [`## Common descriptions of one-way and mutual TLS, checked`, '', `Node ${evidence.costs.node}, OpenSSL ${evidence.costs.openssl}.`, ''];
  lines.push(...markdownTable([['claim', 'statement', 'verdict'], ...verdicts.map((verdict) => [verdict.id, verdict.statement, `**${verdictText(verdict)}**`])]), '');
  for (const verdict of verdicts) {
    lines.push(`### ${verdict.id}: ${verdict.verdict}`, '', `> ${verdict.statement}`, '', verdict.finding, '');
    if (verdict.condition) lines.push(`Condition: ${verdict.condition}.`, '');
    for (const line of verdict.evidence) lines.push(`- ${line}`);
    if (verdict.evidence.length > 0) lines.push('');
  }
  lines.push('### Handshake census', '', ...markdownTable(censusRows(evidence)), '');
  lines.push('### Crypto cost model', '', ...markdownTable(costRows(evidence)), '', `Key exchange: ${keyExchangeLine(evidence)}.`, '');
  for (const line of runsLine(evidence)) lines.push(`- ${line}`);
  return lines.join('\n') + '\n';
}

/** Renders the report as JSON: verdicts and evidence, with run results referred to by folder rather than inlined. */
export function renderClaimsJson(report: ClaimsReport): string {
  const { evidence } = report;
  const run = (entry: ClaimsEvidence['fullRun']): unknown => (entry.status === 'measured' ? { status: entry.status, dir: entry.dir, runId: entry.result.runId } : entry);
  return (
    JSON.stringify(
      {
        verdicts: report.verdicts,
        census: evidence.census.map(({ label, mode, settings, census, cipher, sessionReused, bytesMatch }) => ({ label, mode, settings, cipher, sessionReused, bytesMatch, census })),
        securityMatrix: evidence.matrix,
        probe: evidence.probe,
        costs: evidence.costs,
        predictions: evidence.predictions,
        comparison: evidence.comparison,
        runs: { full: run(evidence.fullRun), resumed: run(evidence.resumedRun) },
      },
      null,
      2,
    ) + '\n'
  );
}
