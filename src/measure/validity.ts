import type { Cell } from '../scenario/vocabulary.js';
import type { LoadCounters, ServerCounters, TrialFlag, TrialRecord } from './trial.js';

export interface ValidityInput {
  cell: Cell;
  server: ServerCounters;
  load: LoadCounters;
  totals: TrialRecord['totals'];
  utilization: { server: number; load: number };
}

/** Failures above this share of attempts make a trial invalid; below it they are a warning shown beside the numbers. */
const MAX_FAILURE_SHARE = 0.01;
/**
 * Load utilization above which a load side busier than the server counts as the bottleneck. When both
 * sides idle well below saturation (latency-bound trials), neither is the bottleneck and no flag is raised.
 */
export const LOAD_BOUND_UTILIZATION = 0.7;
/** Resumption cells must resume at least this share of handshakes after warm-up. */
const MIN_REUSE_RATIO = 0.99;

function formatCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .map(([key, count]) => `${key} ×${count}`)
    .join(', ');
}

/**
 * Applies the validity rules to one trial. Each broken rule yields a flag naming the evidence. A
 * trial with any `invalid` flag is left out of the summaries but kept in every output.
 */
export function checkTrial(input: ValidityInput): TrialFlag[] {
  const { cell, server, load, totals, utilization } = input;
  const flags: TrialFlag[] = [];
  const invalid = (code: TrialFlag['code'], message: string) => flags.push({ code, severity: 'invalid', message });
  const warning = (code: TrialFlag['code'], message: string) => flags.push({ code, severity: 'warning', message });
  const isHandshakeWorkload = cell.workload === 'handshake';

  if (load.completed === 0 || server.handshakes + server.requests === 0) {
    invalid('no-handshakes', `nothing completed in the measured window (client ${load.completed}, server ${server.handshakes} handshakes)`);
  }

  // Rule 1: a mutual server verified a client certificate on every handshake of the trial; a one-way
  // server never did. Whole-trial totals cover keep-alive, whose handshakes happen during warm-up.
  if (cell.mode === 'mutual' && (totals.serverVerifiedClientCerts !== totals.serverHandshakes || totals.serverHandshakes === 0)) {
    invalid('client-cert-not-verified', `server verified a client certificate on ${totals.serverVerifiedClientCerts} of ${totals.serverHandshakes} handshakes`);
  }
  if (cell.mode === 'one-way' && totals.serverVerifiedClientCerts > 0) {
    invalid('unexpected-cert-request', `one-way server authenticated a client on ${totals.serverVerifiedClientCerts} handshakes`);
  }
  const clientKeyTypes = Object.keys(server.clientKeyTypes);
  if (cell.mode === 'mutual' && clientKeyTypes.some((keyType) => keyType !== cell.clientKey)) {
    invalid('key-type-mismatch', `server saw client key type ${clientKeyTypes.join(', ')}, cell expects ${cell.clientKey}`);
  }

  // Rule 2: negotiated protocol and server key type match the cell.
  const protocols = Object.keys(server.protocols);
  const clientProtocol = load.negotiated?.protocol;
  if (protocols.some((protocol) => protocol !== cell.protocol) || (clientProtocol && clientProtocol !== cell.protocol)) {
    invalid('protocol-mismatch', `negotiated ${formatCounts(server.protocols) || clientProtocol}, cell expects ${cell.protocol}`);
  }
  const serverKeyType = load.negotiated?.serverKeyType;
  if (load.negotiated && serverKeyType !== cell.serverKey) {
    invalid('key-type-mismatch', `client saw server key type ${serverKeyType ?? 'unknown'}, cell expects ${cell.serverKey}`);
  }

  // Rule 3: the measured reuse ratio matches the resumption setting (handshake workload only).
  if (isHandshakeWorkload && load.completed > 0) {
    const clientRatio = load.resumed / load.completed;
    const serverRatio = server.handshakes > 0 ? server.resumed / server.handshakes : 0;
    const expectResumed = cell.resumption !== 'none';
    if (!expectResumed && (clientRatio > 0 || serverRatio > 0)) {
      invalid('reuse-ratio-mismatch', `resumption none, but reuse ratio was ${clientRatio.toFixed(3)} (client) / ${serverRatio.toFixed(3)} (server)`);
    }
    if (expectResumed && (clientRatio < MIN_REUSE_RATIO || serverRatio < MIN_REUSE_RATIO)) {
      invalid('reuse-ratio-mismatch', `resumption ${cell.resumption}, but reuse ratio was ${clientRatio.toFixed(3)} (client) / ${serverRatio.toFixed(3)} (server), below ${MIN_REUSE_RATIO}`);
    }
  }

  // Rule 4: failed handshakes are counted by error code and shown.
  const attempts = load.completed + load.failed;
  if (load.failed > 0 || Object.keys(server.errors).length > 0) {
    const share = attempts > 0 ? load.failed / attempts : 1;
    const message = `${load.failed} failed of ${attempts} (client: ${formatCounts(load.errors) || 'none'}; server: ${formatCounts(server.errors) || 'none'})`;
    if (share > MAX_FAILURE_SHARE) invalid('failed-handshakes', message);
    else warning('failed-handshakes', message);
  }

  // Client and server must agree on how many handshakes (or requests) completed over the whole trial.
  if (totals.clientCompleted !== totals.serverCompleted) {
    const unit = isHandshakeWorkload ? 'handshakes' : 'requests';
    invalid('count-mismatch', `client completed ${totals.clientCompleted} ${unit}, server counted ${totals.serverCompleted}`);
  }

  // Rule 5: the load side, not the server, was the bottleneck.
  if (utilization.load > utilization.server && utilization.load >= LOAD_BOUND_UTILIZATION) {
    warning('load-bound', `load workers used ${(utilization.load * 100).toFixed(0)}% of their cores, server ${(utilization.server * 100).toFixed(0)}% of its own: the figures describe the client as much as the server`);
  }
  return flags;
}
