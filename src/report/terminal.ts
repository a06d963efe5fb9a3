import asciichart from 'asciichart';
import { mergeEncoded } from '../measure/histogram.js';
import { metricDefinition, metricsForWorkload, type MetricDefinition, type MetricKey } from '../measure/metrics.js';
import type { TrialRecord } from '../measure/trial.js';
import { CELL_AXES, type Cell, type CellAxis } from '../scenario/vocabulary.js';
import type { Summary } from '../stats/summary.js';
import { formatNumber, formatRatio } from './format.js';
import type { CellRatio, CellSummary, RunResult } from './result.js';

/** Percentiles plotted in the latency chart, as labels and as histogram percentiles. */
const CHART_PERCENTILES = [50, 75, 90, 95, 99, 99.9] as const;
const CHART_HEIGHT = 10;

function formatSummary(summary: Summary | undefined): string {
  if (!summary) return '—';
  if (summary.n < 2) return formatNumber(summary.median);
  return `${formatNumber(summary.median)} [${formatNumber(summary.ciLow)}–${formatNumber(summary.ciHigh)}]`;
}

function formatRatioCell(ratio: CellRatio | undefined, metric: MetricDefinition): string {
  const value = ratio?.metrics[metric.key];
  if (!value || !Number.isFinite(value.ratio)) return '—';
  if (value.ciLow === value.ratio && value.ciHigh === value.ratio) return formatRatio(value.ratio);
  return `${formatRatio(value.ratio)} [${value.ciLow.toFixed(2)}–${value.ciHigh.toFixed(2)}]`;
}

function renderTable(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows.map((row) => row.map((text, column) => (column === 0 ? text.padEnd(widths[column]!) : text.padStart(widths[column]!))).join('   ').trimEnd()).join('\n');
}

/** Lists the axes that vary between cells of the run. Tables are split by all of them except the ratio axis. */
function varyingAxes(cells: readonly Cell[]): CellAxis[] {
  // A client key type that always equals the server's adds nothing to a label.
  const clientMirrorsServer = cells.every((cell) => cell.clientKey === cell.serverKey);
  return CELL_AXES.filter((axis) => !(axis === 'clientKey' && clientMirrorsServer) && new Set(cells.map((cell) => String(cell[axis]))).size > 1);
}

function axisLabel(cell: Cell, axes: readonly CellAxis[]): string {
  const label = (axis: CellAxis): string => {
    if (axis === 'serverKey' || axis === 'workload' || axis === 'mode' || axis === 'protocol') return String(cell[axis]);
    // Terminal text only: CSV and JSON keep plain numbers.
    if (axis === 'revokedCount') return `${cell.revokedCount.toLocaleString('en-US')} revoked`;
    return `${axis} ${cell[axis]}`;
  };
  return axes.map(label).join(' · ');
}

interface Group {
  label: string;
  /** Cells of the group in column order. */
  columns: { title: string; summary: CellSummary }[];
  ratio: CellRatio | undefined;
  ratioTitle: string | null;
}

/**
 * Groups cell summaries into tables. Columns are the values of the first ratio's axis (one-way and
 * mutual by default), followed by the ratio column. Every other varying axis splits the tables.
 */
function groupSummaries(result: RunResult): Group[] {
  const spec = result.ratios[0] ?? null;
  const ratioAxis: CellAxis | null = spec?.axis ?? null;
  const axes = varyingAxes(result.cells).filter((axis) => axis !== ratioAxis);
  const groups = new Map<string, Group>();
  for (const summary of result.summaries) {
    const key = axes.map((axis) => String(summary.cell[axis])).join('|');
    let group = groups.get(key);
    if (!group) {
      group = { label: axisLabel(summary.cell, axes) || summary.cell.id, columns: [], ratio: undefined, ratioTitle: spec ? `${spec.numerator} / ${spec.denominator}` : null };
      groups.set(key, group);
    }
    group.columns.push({ title: ratioAxis ? String(summary.cell[ratioAxis]) : summary.cellId, summary });
  }
  for (const group of groups.values()) {
    if (spec) {
      // Denominator first, so the table reads "one-way, mutual, mutual / one-way".
      group.columns.sort((a, b) => Number(a.title === spec.numerator) - Number(b.title === spec.numerator));
      group.ratio = result.ratios.find((ratio) => group.columns.some((column) => column.summary.cellId === ratio.numeratorCellId));
    }
  }
  return [...groups.values()];
}

function flagLines(group: Group, trials: readonly TrialRecord[]): string[] {
  const lines: string[] = [];
  for (const column of group.columns) {
    const cellTrials = trials.filter((trial) => trial.cellId === column.summary.cellId);
    const invalid = cellTrials.filter((trial) => !trial.valid).length;
    const byCode = new Map<string, { severity: string; count: number; message: string }>();
    for (const trial of cellTrials) {
      for (const flag of trial.flags) {
        const entry = byCode.get(flag.code) ?? { severity: flag.severity, count: 0, message: flag.message };
        entry.count++;
        byCode.set(flag.code, entry);
      }
    }
    if (invalid > 0) {
      const note = column.summary.validTrials === 0 ? 'no valid trial: the figures above come from invalid trials' : 'invalid trials are left out of the figures';
      lines.push(`  ! ${column.title}: ${invalid} of ${cellTrials.length} trials invalid (${note})`);
    }
    for (const [code, entry] of byCode) {
      lines.push(`  ${entry.severity === 'invalid' ? '!' : '~'} ${column.title}: ${code} in ${entry.count} of ${cellTrials.length} trials, e.g. ${entry.message}`);
    }
  }
  return lines;
}

function headerTitle(column: Group['columns'][number]): string {
  const summary = column.summary;
  if (summary.validTrials === 0) return `${column.title} (INVALID)`;
  if (summary.validTrials < summary.trials) return `${column.title} (${summary.validTrials}/${summary.trials} valid)`;
  return column.title;
}

/** Renders one comparison table per group: median [95% CI] per column and the ratio with its interval. */
export function renderTables(result: RunResult): string {
  const blocks: string[] = [];
  for (const group of groupSummaries(result)) {
    const workload = group.columns[0]!.summary.cell.workload;
    const header = [group.label, ...group.columns.map(headerTitle)];
    if (group.ratioTitle && group.ratio) header.push(group.ratioTitle);
    const rows = [header];
    for (const metric of metricsForWorkload(workload).filter((definition) => definition.headline)) {
      const row = [metric.label, ...group.columns.map((column) => formatSummary(column.summary.metrics[metric.key]))];
      if (group.ratioTitle && group.ratio) row.push(formatRatioCell(group.ratio, metric));
      rows.push(row);
    }
    blocks.push([renderTable(rows), ...flagLines(group, result.trials)].join('\n'));
  }
  return blocks.join('\n\n');
}

/** Metrics plotted across rows in the by-metric layout: the cost and the latency of a handshake. */
const PIVOT_CHART_METRICS: readonly MetricKey[] = ['serverCpuUsPerHandshake', 'handshakeP50Ms'];

interface RatioSet {
  title: string;
  axis: CellAxis;
  numerator: string;
  denominator: string;
  pairs: CellRatio[];
}

function ratioSets(result: RunResult): RatioSet[] {
  const sets = new Map<string, RatioSet>();
  for (const ratio of result.ratios) {
    const key = `${ratio.axis}|${ratio.numerator}|${ratio.denominator}`;
    let set = sets.get(key);
    if (!set) {
      set = { title: `${ratio.numerator} / ${ratio.denominator}`, axis: ratio.axis, numerator: ratio.numerator, denominator: ratio.denominator, pairs: [] };
      sets.set(key, set);
    }
    set.pairs.push(ratio);
  }
  return [...sets.values()];
}

function summaryOf(result: RunResult, cellId: string): CellSummary | undefined {
  return result.summaries.find((summary) => summary.cellId === cellId);
}

function markInvalid(summary: CellSummary | undefined, text: string): string {
  if (!summary) return text;
  if (summary.validTrials === 0) return `${text} !`;
  return summary.validTrials < summary.trials ? `${text} ~` : text;
}

/**
 * Renders the by-metric layout. For each ratio the scenario names, it prints one table per headline
 * metric with a row per pair of cells (e.g. one row per key type), and charts of server CPU and
 * handshake p50 across the rows. Cells outside every pair keep the by-group tables.
 */
export function renderMetricTables(result: RunResult, options: { color: boolean; chart: boolean }): string {
  const blocks: string[] = [];
  const paired = new Set<string>();
  for (const set of ratioSets(result)) {
    const numerators = set.pairs.map((pair) => result.cells.find((cell) => cell.id === pair.numeratorCellId)!);
    const labelAxes = varyingAxes(numerators).filter((axis) => axis !== set.axis);
    const labels = numerators.map((cell) => axisLabel(cell, labelAxes) || cell.id);
    for (const pair of set.pairs) {
      paired.add(pair.numeratorCellId);
      paired.add(pair.denominatorCellId);
    }
    const workloads = [...new Set(numerators.map((cell) => cell.workload))];
    for (const workload of workloads) {
      for (const metric of metricsForWorkload(workload).filter((definition) => definition.headline)) {
        const rows = [[`${metric.label}`, set.denominator, set.numerator, set.title]];
        set.pairs.forEach((pair, index) => {
          if (numerators[index]!.workload !== workload) return;
          const top = summaryOf(result, pair.numeratorCellId);
          const bottom = summaryOf(result, pair.denominatorCellId);
          rows.push([labels[index]!, markInvalid(bottom, formatSummary(bottom?.metrics[metric.key])), markInvalid(top, formatSummary(top?.metrics[metric.key])), formatRatioCell(pair, metric)]);
        });
        blocks.push(renderTable(rows));
      }
    }
    if (options.chart) blocks.push(...pivotCharts(result, set, labels, options.color));
  }
  blocks.push(renderFlagSummary(result));
  const unpaired = result.summaries.filter((summary) => !paired.has(summary.cellId));
  if (unpaired.length > 0) blocks.push(renderTables({ ...result, summaries: unpaired, ratios: [] }));
  return blocks.filter(Boolean).join('\n\n');
}

function pivotCharts(result: RunResult, set: RatioSet, labels: readonly string[], color: boolean): string[] {
  const charts: string[] = [];
  for (const key of PIVOT_CHART_METRICS) {
    const metric = metricDefinition(key);
    const denominators = set.pairs.map((pair) => summaryOf(result, pair.denominatorCellId)?.metrics[key]?.median);
    const numerators = set.pairs.map((pair) => summaryOf(result, pair.numeratorCellId)?.metrics[key]?.median);
    if (set.pairs.length < 2 || [...denominators, ...numerators].some((value) => value === undefined || !Number.isFinite(value))) continue;
    const series = [denominators as number[], numerators as number[]];
    const title = `${metric.label} by row (${set.denominator} and ${set.numerator}), medians`;
    const axis = ' '.repeat(LABEL_WIDTH + 2) + labels.map((_, index) => String(index + 1).padEnd(STEPS_PER_SEGMENT)).join('');
    const legendRows = labels.map((label, index) => `${' '.repeat(LABEL_WIDTH + 2)}${index + 1} = ${label}`).join('\n');
    const format = (value: number) => formatNumber(value).padStart(LABEL_WIDTH);
    if (color) {
      const colors = [asciichart.blue, asciichart.red];
      const plot = asciichart.plot(series.map(widen), { height: CHART_HEIGHT, colors, format });
      charts.push(`${title}\n${plot}\n${axis}\n${' '.repeat(LABEL_WIDTH + 2)}${colors[0]}───${asciichart.reset} ${set.denominator}   ${colors[1]}───${asciichart.reset} ${set.numerator}\n${legendRows}`);
    } else {
      const min = Math.min(...series.flat());
      const max = Math.max(...series.flat());
      const plots = [set.denominator, set.numerator].map((name, index) => `${name}:\n${asciichart.plot(widen(series[index]!), { height: CHART_HEIGHT, min, max, format })}\n${axis}`);
      charts.push(`${title}\n${plots.join('\n')}\n${legendRows}`);
    }
  }
  return charts;
}

/** Flag lines for every cell with a flagged trial, for layouts whose tables mix many cells. */
function renderFlagSummary(result: RunResult): string {
  const lines: string[] = [];
  for (const summary of result.summaries) {
    const group: Group = { label: '', columns: [{ title: summary.cellId, summary }], ratio: undefined, ratioTitle: null };
    lines.push(...flagLines(group, result.trials));
  }
  return lines.length > 0 ? ['Flags (! invalid, ~ warning):', ...lines].join('\n') : '';
}

/** Points drawn between two plotted percentiles, so the curve is wide enough to read. */
const STEPS_PER_SEGMENT = 8;

/** Interpolates linearly between the percentile values, STEPS_PER_SEGMENT points per gap. */
function widen(values: readonly number[]): number[] {
  const points: number[] = [];
  for (let i = 0; i < values.length - 1; i++) {
    const from = values[i]!;
    const to = values[i + 1]!;
    for (let step = 0; step < STEPS_PER_SEGMENT; step++) points.push(from + ((to - from) * step) / STEPS_PER_SEGMENT);
  }
  points.push(values[values.length - 1]!);
  return points;
}

/** X-axis labels under the plotted points, one per percentile. */
function percentileAxis(offset: number): string {
  let line = ' '.repeat(offset);
  CHART_PERCENTILES.forEach((percentile, index) => {
    const label = `p${percentile}`;
    line = line.padEnd(offset + index * STEPS_PER_SEGMENT) + label;
  });
  return line;
}

const LABEL_WIDTH = 8;

/**
 * Plots handshake (or request) latency percentiles of each column of each group, from the histograms
 * of all valid trials merged, so the curve shows the tail as well as the median. With colour the
 * columns share one chart. Without colour (logs, pipes) the lines would look alike, so each column
 * gets its own chart on a shared scale.
 */
export function renderCharts(result: RunResult, options: { color: boolean }): string {
  const colors = [asciichart.blue, asciichart.red, asciichart.green, asciichart.magenta, asciichart.cyan, asciichart.yellow];
  const format = (value: number) => formatNumber(value).padStart(LABEL_WIDTH);
  const blocks: string[] = [];
  for (const group of groupSummaries(result)) {
    const workload = group.columns[0]!.summary.cell.workload;
    const histogramName = workload === 'handshake' ? 'handshake' : 'request';
    const series: { title: string; values: number[] }[] = [];
    for (const column of group.columns) {
      const cellTrials = result.trials.filter((trial) => trial.cellId === column.summary.cellId);
      const used = cellTrials.some((trial) => trial.valid) ? cellTrials.filter((trial) => trial.valid) : cellTrials;
      const merged = mergeEncoded(used.map((trial) => trial.load.histograms[histogramName]).filter((item): item is string => item !== undefined));
      if (merged.totalCount > 0) series.push({ title: column.title, values: CHART_PERCENTILES.map((percentile) => merged.getValueAtPercentile(percentile) / 1000) });
    }
    if (series.length === 0) continue;
    const title = `${group.label}: ${histogramName} latency in ms by percentile, all valid trials merged`;
    const min = Math.min(...series.flatMap((item) => item.values));
    const max = Math.max(...series.flatMap((item) => item.values));
    const axis = percentileAxis(LABEL_WIDTH + 2);
    if (options.color) {
      const chart = asciichart.plot(series.map((item) => widen(item.values)), { height: CHART_HEIGHT, min, max, colors: colors.slice(0, series.length), format });
      const legend = series.map((item, index) => `${colors[index % colors.length]}───${asciichart.reset} ${item.title}`).join('   ');
      blocks.push(`${title}\n${chart}\n${axis}\n${' '.repeat(LABEL_WIDTH + 2)}${legend}`);
    } else {
      const charts = series.map((item) => `${item.title}:\n${asciichart.plot(widen(item.values), { height: CHART_HEIGHT, min, max, format })}\n${axis}`);
      blocks.push(`${title}\n${charts.join('\n')}`);
    }
  }
  return blocks.join('\n\n');
}

/** Renders the run's header: scenario, trials, environment and CPU layout. */
export function renderHeader(result: RunResult): string {
  const env = result.environment;
  const settings = result.settings;
  const layout = result.trials[0]?.layout.description ?? 'no trial ran';
  return [
    `${result.scenario.name}: ${result.cells.length} cells × ${settings.trials} trials (${settings.warmupSeconds}s warm-up + ${settings.durationSeconds}s measured each), concurrency ${settings.concurrency} × ${settings.loadWorkers} load worker(s), ${settings.serverWorkers} server worker(s)`,
    `Node ${env.node}, OpenSSL ${env.openssl}, ${env.cpuModel} (${env.cores} cores), ${layout}, commit ${env.commit ?? 'unknown'}, seed ${settings.seed}`,
    `Figures: median over trials [95% bootstrap interval]; ratios: ratio of medians [95% interval].${settings.trials < 5 ? ` With ${settings.trials} trial${settings.trials === 1 ? '' : 's'} per cell an interval is little more than the range of the trial values.` : ''}`,
    ...(result.interrupted ? [`Interrupted: ${result.trials.length} of ${result.cells.length * settings.trials} trials finished; the figures cover only those.`] : []),
  ].join('\n');
}
