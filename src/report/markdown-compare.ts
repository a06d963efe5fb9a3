import { metricDefinition } from '../measure/metrics.js';
import type { Comparison } from '../stats/compare.js';
import { comparisonWarnings, formatChange, formatInterval, formatTrialsNeeded } from './compare-table.js';
import { formatNumber } from './format.js';
import { markdownTable } from './markdown.js';

const VERDICT_ORDER = ['regression', 'inconclusive', 'improvement', 'no change'] as const;

/**
 * Renders a comparison for a pull-request comment: warnings first, then the metrics that changed
 * or are undecided, then the unchanged ones folded in a `<details>` block to keep the comment short.
 */
export function renderComparisonMarkdown(comparison: Comparison): string {
  const counts = comparison.counts;
  const parts = [
    `## mtls-bench: ${comparison.next.runId} against ${comparison.base.runId}`,
    '',
    `**${counts.regression} regression, ${counts.improvement} improvement, ${counts['no change']} no change, ${counts.inconclusive} inconclusive**`,
    '',
  ];
  const warnings = comparisonWarnings(comparison);
  if (warnings.length > 0) parts.push(...warnings.map((warning) => `> [!WARNING]\n> ${warning}`), '');

  const header = ['cell', 'metric', 'baseline', 'new', 'change', '95% interval', 'threshold', 'verdict', 'to decide'];
  const align = ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'left', 'left'] as const;
  const sorted = [...comparison.metrics].sort((a, b) => VERDICT_ORDER.indexOf(a.verdict) - VERDICT_ORDER.indexOf(b.verdict));
  const rows = sorted.map((item) => [
    item.cellId,
    metricDefinition(item.metric).label,
    formatNumber(item.baseMedian),
    formatNumber(item.nextMedian),
    formatChange(item.change),
    formatInterval(item.changeLow, item.changeHigh),
    `±${(item.threshold * 100).toFixed(0)}%`,
    item.verdict === 'regression' || item.verdict === 'improvement' ? `**${item.verdict}**` : item.verdict,
    [formatTrialsNeeded(item.trialsNeeded), item.note ?? ''].filter(Boolean).join('; '),
  ]);
  const unchangedFrom = sorted.findIndex((item) => item.verdict === 'no change');
  const attention = unchangedFrom === -1 ? rows : rows.slice(0, unchangedFrom);
  const unchanged = unchangedFrom === -1 ? [] : rows.slice(unchangedFrom);
  if (attention.length > 0) parts.push(markdownTable(header, attention, align), '');
  if (unchanged.length > 0) {
    parts.push(`<details><summary>${unchanged.length} metrics with no change</summary>`, '', markdownTable(header, unchanged, align), '', '</details>', '');
  }
  parts.push(`<sub>${comparison.method}</sub>`, '');
  return parts.join('\n');
}
