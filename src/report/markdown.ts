import { METRICS, type MetricDefinition } from '../measure/metrics.js';
import type { Workload } from '../scenario/vocabulary.js';
import { formatNumber, formatRatio } from './format.js';
import type { RunResult } from './result.js';

/** Escapes a Markdown table cell: pipes would end the cell and line breaks the row. */
export function markdownCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** Renders a GitHub-flavoured Markdown table; `align` marks numeric columns right-aligned. */
export function markdownTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>, align: ReadonlyArray<'left' | 'right'> = []): string {
  const line = (cells: readonly string[]): string => `| ${cells.map(markdownCell).join(' | ')} |`;
  const rule = `|${header.map((_, column) => (align[column] === 'right' ? ' ---: ' : ' --- ')).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** `median [low, high]` with about three significant digits. */
export function formatEstimate(median: number | null | undefined, low: number | null | undefined, high: number | null | undefined): string {
  if (median === null || median === undefined || !Number.isFinite(median)) return '—';
  if (low === null || low === undefined || high === null || high === undefined || (low === median && high === median)) return formatNumber(median);
  return `${formatNumber(median)} [${formatNumber(low)}, ${formatNumber(high)}]`;
}

/** Headline metrics of a workload, in schema order: the columns of the Markdown and terminal tables. */
export function headlineMetrics(workload: Workload): MetricDefinition[] {
  return METRICS.filter((metric) => metric.headline && metric.workloads.includes(workload));
}

/**
 * Renders a run for pull-request comments and job summaries: per workload, one row per cell with
 * the median and 95% interval of each headline metric, then the ratios and the warnings.
 */
export function renderRunMarkdown(result: RunResult): string {
  const parts: string[] = [`## ${markdownCell(result.scenario.name)}: ${markdownCell(result.runId)}`, ''];
  parts.push(`Node ${result.environment.node}, OpenSSL ${result.environment.openssl}, ${result.environment.cpuModel} (${result.environment.cores} cores); ${result.settings.trials} trials per cell; median [95% interval].`, '');

  const workloads = [...new Set(result.summaries.map((summary) => summary.cell.workload))];
  for (const workload of workloads) {
    const metrics = headlineMetrics(workload);
    const summaries = result.summaries.filter((summary) => summary.cell.workload === workload);
    const rows = summaries.map((summary) => [
      summary.cellId,
      `${summary.validTrials}/${summary.trials}`,
      ...metrics.map((metric) => {
        const figures = summary.metrics[metric.key];
        return formatEstimate(figures?.median, figures?.ciLow, figures?.ciHigh);
      }),
    ]);
    parts.push(`### ${workload}`, '', markdownTable(['cell', 'valid trials', ...metrics.map((metric) => metric.label)], rows, ['left', 'right', ...metrics.map(() => 'right' as const)]), '');
  }

  if (result.ratios.length > 0) {
    const ratioMetrics = METRICS.filter((metric) => metric.headline && result.ratios.some((ratio) => ratio.metrics[metric.key] !== undefined));
    const rows = result.ratios.map((ratio) => [
      ratio.numeratorCellId,
      `${ratio.numerator} / ${ratio.denominator}`,
      ...ratioMetrics.map((metric) => {
        const figures = ratio.metrics[metric.key];
        if (!figures) return '—';
        return figures.ciLow === figures.ratio && figures.ciHigh === figures.ratio ? formatRatio(figures.ratio) : `${formatRatio(figures.ratio)} [${formatRatio(figures.ciLow)}, ${formatRatio(figures.ciHigh)}]`;
      }),
    ]);
    parts.push('### Ratios', '', markdownTable(['cell', 'ratio', ...ratioMetrics.map((metric) => metric.label)], rows, ['left', 'left', ...ratioMetrics.map(() => 'right' as const)]), '');
  }

  if (result.warnings.length > 0) parts.push('### Warnings', '', ...result.warnings.map((warning) => `- ${warning}`), '');
  return parts.join('\n');
}
