import type { RunResult } from '../report/result.js';
import type { KeyType, Protocol } from '../scenario/vocabulary.js';
import type { CryptoCosts, KeyExchangeGroup, KeyTypeCost } from './crypto-costs.js';

/**
 * Public-key CPU time of one full handshake per side, from the measured operation costs. These are
 * lower bounds: hashing, record encryption, certificate parsing, memory and the HTTP request are
 * left out. Assumes an ephemeral key exchange (TLS 1.3, or TLS 1.2 ECDHE) and CAs of the leaves'
 * own key types, as the project's PKI issues them by default.
 */
export interface HandshakePrediction {
  serverKey: KeyType;
  clientKey: KeyType;
  group: KeyExchangeGroup;
  server: SidePrediction & {
    /** Handshakes per second one core could complete if public-key crypto were the only work. */
    oneWayCeilingPerSecond: number;
    mutualCeilingPerSecond: number;
  };
  client: SidePrediction;
}

export interface SidePrediction {
  oneWayUs: number;
  mutualUs: number;
  /** Mutual minus one-way: server verifies the client's CertificateVerify and certificate; client signs. */
  extraUs: number;
}

function costOf(costs: CryptoCosts, keyType: KeyType): KeyTypeCost {
  const cost = costs.keyTypes.find((entry) => entry.keyType === keyType);
  if (!cost) throw new Error(`no crypto cost measured for key type ${keyType}; measure it with keyTypes including ${keyType}`);
  return cost;
}

/** Predicts each side's public-key work in a full one-way and mutual handshake. */
export function predictHandshake(costs: CryptoCosts, serverKey: KeyType, clientKey: KeyType = serverKey, group: KeyExchangeGroup = 'X25519'): HandshakePrediction {
  const server = costOf(costs, serverKey);
  const client = costOf(costs, clientKey);
  const keyExchange = costs.keyExchange.find((entry) => entry.group === group);
  if (!keyExchange) throw new Error(`no key exchange cost measured for group ${group}`);

  // Server: sign its CertificateVerify (or ServerKeyExchange) and do its half of the key exchange.
  const serverOneWayUs = server.signUs + keyExchange.perSideUs;
  // Mutual adds the client's CertificateVerify signature and the client CA's signature on the client certificate.
  const serverExtraUs = client.verifyUs + client.certificateVerifyUs;
  // Client: verify the server's handshake signature and the server CA's signature, plus its key exchange half.
  const clientOneWayUs = server.verifyUs + server.certificateVerifyUs + keyExchange.perSideUs;
  const clientExtraUs = client.signUs;

  return {
    serverKey,
    clientKey,
    group,
    server: {
      oneWayUs: serverOneWayUs,
      mutualUs: serverOneWayUs + serverExtraUs,
      extraUs: serverExtraUs,
      oneWayCeilingPerSecond: 1e6 / serverOneWayUs,
      mutualCeilingPerSecond: 1e6 / (serverOneWayUs + serverExtraUs),
    },
    client: { oneWayUs: clientOneWayUs, mutualUs: clientOneWayUs + clientExtraUs, extraUs: clientExtraUs },
  };
}

/** A measured mutual/one-way pair of handshake cells beside the prediction for its key types. */
export interface MeasuredVsPredicted {
  serverKey: KeyType;
  clientKey: KeyType;
  protocol: Protocol;
  prediction: HandshakePrediction;
  /** Median server CPU per handshake (all server processes, user + system) of each mode. */
  measuredServerUsOneWay: number | null;
  measuredServerUsMutual: number | null;
  measuredExtraServerUs: number | null;
  measuredExtraClientUs: number | null;
  /** Median handshakes per second per server worker, in mutual mode. */
  measuredMutualPerSecondPerWorker: number | null;
  /** Measured mutual rate as a percentage of the crypto-bound mutual ceiling. */
  mutualShareOfCeilingPercent: number | null;
  /** Server cores were not saturated when the load side was the bottleneck, so the rate understates capacity. */
  loadBound: boolean;
}

/**
 * Pairs each full-handshake mutual cell of a run with its one-way twin and sets the measured CPU
 * difference beside the predicted one. Cells with resumption are skipped: they sign nothing.
 */
export function compareWithRun(costs: CryptoCosts, result: RunResult): MeasuredVsPredicted[] {
  const rows: MeasuredVsPredicted[] = [];
  const fullHandshake = result.summaries.filter((summary) => summary.cell.workload === 'handshake' && summary.cell.resumption === 'none');
  for (const mutual of fullHandshake.filter((summary) => summary.cell.mode === 'mutual')) {
    const cell = mutual.cell;
    const oneWay = fullHandshake.find(
      (summary) =>
        summary.cell.mode === 'one-way' &&
        summary.cell.serverKey === cell.serverKey &&
        summary.cell.protocol === cell.protocol &&
        summary.cell.ciphers === cell.ciphers &&
        summary.cell.caKey === cell.caKey,
    );
    if (!costs.keyTypes.some((entry) => entry.keyType === cell.serverKey) || !costs.keyTypes.some((entry) => entry.keyType === cell.clientKey)) continue;
    const prediction = predictHandshake(costs, cell.serverKey, cell.clientKey);
    const mutualUs = mutual.metrics.serverCpuUsPerHandshake?.median ?? null;
    const oneWayUs = oneWay?.metrics.serverCpuUsPerHandshake?.median ?? null;
    const mutualClientUs = mutual.metrics.clientCpuUsPerHandshake?.median ?? null;
    const oneWayClientUs = oneWay?.metrics.clientCpuUsPerHandshake?.median ?? null;
    const rate = mutual.metrics.handshakesPerSecond?.median ?? null;
    const perWorker = rate === null ? null : rate / Math.max(1, result.settings.serverWorkers);
    rows.push({
      serverKey: cell.serverKey,
      clientKey: cell.clientKey,
      protocol: cell.protocol,
      prediction,
      measuredServerUsOneWay: finite(oneWayUs),
      measuredServerUsMutual: finite(mutualUs),
      measuredExtraServerUs: mutualUs !== null && oneWayUs !== null ? finite(mutualUs - oneWayUs) : null,
      measuredExtraClientUs: mutualClientUs !== null && oneWayClientUs !== null ? finite(mutualClientUs - oneWayClientUs) : null,
      measuredMutualPerSecondPerWorker: finite(perWorker),
      mutualShareOfCeilingPercent: perWorker === null ? null : finite((100 * perWorker) / prediction.server.mutualCeilingPerSecond),
      loadBound: (mutual.flags['load-bound'] ?? 0) > 0,
    });
  }
  return rows;
}

function finite(value: number | null): number | null {
  return value !== null && Number.isFinite(value) ? value : null;
}
