import { METRICS, type MetricDefinition } from '../../measure/metrics.js';
import { CELL_AXES, type Cell, type CellAxis } from '../../scenario/vocabulary.js';
import type { RunResult } from '../result.js';

/** CSV and Markdown column name of a cell axis: the axis in snake_case (`serverKey` → `server_key`). */
export function axisColumn(axis: CellAxis): string {
  return axis.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

export const AXIS_COLUMNS: readonly string[] = CELL_AXES.map(axisColumn);

export function axisValues(cell: Cell): Array<string | number | null> {
  return CELL_AXES.map((axis) => cell[axis]);
}

/**
 * Metrics that a run's workloads produce, in schema order. Column lists depend on the scenario,
 * not on which values happen to be present, so two runs of one scenario have the same columns.
 */
export function runMetrics(result: RunResult): MetricDefinition[] {
  const workloads = new Set(result.cells.map((cell) => cell.workload));
  return METRICS.filter((metric) => metric.workloads.some((workload) => workloads.has(workload)));
}
