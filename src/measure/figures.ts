import { decodeHistogram, percentileMs } from './histogram.js';
import type { MetricKey } from './metrics.js';
import type { LoadCounters, ServerCounters } from './trial.js';
import type { Cell } from '../scenario/vocabulary.js';

function perUnit(total: number, count: number): number | null {
  return count > 0 ? total / count : null;
}

function histogramPercentiles(encoded: string | undefined, percentiles: readonly number[]): (number | null)[] {
  if (!encoded) return percentiles.map(() => null);
  const histogram = decodeHistogram(encoded);
  return percentiles.map((percentile) => percentileMs(histogram, percentile));
}

/**
 * Turns one trial's window counters into its figures: one number per metric, the unit of analysis for
 * every summary. Rates use the load workers' window length; CPU per handshake divides the server's CPU
 * by the server's own handshake count, so both come from the same processes over the same window.
 */
export function trialFigures(cell: Cell, server: ServerCounters, load: LoadCounters): Partial<Record<MetricKey, number | null>> {
  const seconds = load.elapsedMs / 1000;
  const rate = seconds > 0 ? load.completed / seconds : null;
  const figures: Partial<Record<MetricKey, number | null>> = { failedHandshakes: load.failed };

  if (cell.workload === 'handshake') {
    const [p50, p90, p99, p999, max] = histogramPercentiles(load.histograms.handshake, [50, 90, 99, 99.9, 100]);
    Object.assign(figures, {
      handshakesPerSecond: rate,
      handshakeP50Ms: p50,
      handshakeP90Ms: p90,
      handshakeP99Ms: p99,
      handshakeP999Ms: p999,
      handshakeMaxMs: max,
      connectP50Ms: histogramPercentiles(load.histograms.connect, [50])[0],
      firstByteP50Ms: histogramPercentiles(load.histograms.firstByte, [50])[0],
      serverCpuUsPerHandshake: perUnit(server.cpuUs, server.handshakes),
      clientCpuUsPerHandshake: perUnit(load.cpuUs, load.completed),
      bytesClientToServerPerHandshake: perUnit(load.bytesClientToServer, load.completed),
      bytesServerToClientPerHandshake: perUnit(load.bytesServerToClient, load.completed),
      reuseRatio: perUnit(load.resumed, load.completed),
    });
  } else {
    const [p50, p99] = histogramPercentiles(load.histograms.request, [50, 99]);
    Object.assign(figures, {
      requestsPerSecond: rate,
      requestP50Ms: p50,
      requestP99Ms: p99,
      serverCpuUsPerRequest: perUnit(server.cpuUs, server.requests),
      clientCpuUsPerRequest: perUnit(load.cpuUs, load.completed),
    });
  }
  return figures;
}
