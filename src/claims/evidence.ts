import { measureCryptoCosts, type CryptoCosts } from '../model/crypto-costs.js';
import { compareWithRun, predictHandshake, type HandshakePrediction, type MeasuredVsPredicted } from '../model/predict.js';
import { PkiStore } from '../pki/store.js';
import type { RunResult } from '../report/result.js';
import { runScenario } from '../runner/run.js';
import { parseScenario } from '../scenario/schema.js';
import { KEY_TYPES, type KeyType, type Mode } from '../scenario/vocabulary.js';
import { CENSUS_CASES, takeCensus, type CensusSettings } from '../trace/census-run.js';
import { handshakeSequence, type Census } from '../trace/census.js';
import { probeConnection, type ProbeReport } from '../trace/probe.js';
import { runSecurityMatrix, type SecurityMatrix } from '../trace/security-matrix.js';

export interface CensusEvidence {
  label: string;
  mode: Mode;
  settings: CensusSettings;
  census: Census;
  /** Handshake-phase entries as `C:`/`S:` plus message name. */
  sequence: string[];
  /** IANA name of the suite the client negotiated. */
  cipher: string | null;
  sessionReused: boolean;
  /** Trace totals equal the TCP socket counters. */
  bytesMatch: boolean;
}

export type RunEvidence = { status: 'measured'; result: RunResult; dir: string } | { status: 'not-measured'; reason: string };

export interface ClaimsEvidence {
  census: CensusEvidence[];
  matrix: SecurityMatrix;
  probe: ProbeReport;
  costs: CryptoCosts;
  predictions: HandshakePrediction[];
  /** One-way vs mutual, full handshakes and keep-alive. */
  fullRun: RunEvidence;
  /** One-way vs mutual with ticket resumption. */
  resumedRun: RunEvidence;
  /** Measured server CPU beside the cost model, from `fullRun`. */
  comparison: MeasuredVsPredicted[];
}

export interface EvidenceOptions {
  store?: PkiStore;
  /** Skip the timed one-way vs mutual runs (tests, or when only the census and matrix are wanted). */
  skipRuns?: boolean;
  /** Folder under which the two runs write their result folders. */
  outDir?: string;
  /** Time budget per micro-benchmark operation of the cost model, in milliseconds. */
  costTimePerOperationMs?: number;
  onProgress?: (message: string) => void;
}

/** Key types of the quick runs: the two the project's default scenario measures. */
const RUN_KEY_TYPES: readonly KeyType[] = ['ecdsa-p256', 'rsa-2048'];

/** Settings of the quick comparison: two trials per cell keep the whole check within about two minutes on 2 cores. */
const QUICK_SETTINGS = { trials: 2, warmupSeconds: 0.5, durationSeconds: 1.5 };

/**
 * Collects everything the verdicts need: a census of each configuration in both modes, the
 * security matrix, one probe, the crypto cost model, and two quick runs. A run that fails is
 * recorded as not measured with its error, so the other claims still get their verdicts.
 */
export async function collectEvidence(options: EvidenceOptions = {}): Promise<ClaimsEvidence> {
  const store = options.store ?? new PkiStore();
  const progress = options.onProgress ?? (() => {});

  progress('handshake census: tracing each configuration in both modes');
  const census: CensusEvidence[] = [];
  for (const entry of CENSUS_CASES) {
    for (const mode of ['one-way', 'mutual'] as const) {
      const settings: CensusSettings = { ...entry.settings, mode };
      const traced = await takeCensus(settings, store);
      census.push({
        label: entry.label,
        mode,
        settings,
        census: traced.census,
        sequence: handshakeSequence(traced.census),
        cipher: traced.client.observation?.cipherStandardName ?? null,
        sessionReused: traced.client.observation?.sessionReused ?? false,
        bytesMatch: traced.bytesCheck.matches,
      });
    }
  }

  progress('security matrix: client certificates against one-way and mutual servers, legacy protocols');
  const matrix = await runSecurityMatrix({ store });

  progress('probe: one mutual TLS 1.3 connection seen from both sides');
  const probe = await probeConnection({ mode: 'mutual', serverKey: 'ecdsa-p256', clientKey: 'ecdsa-p256', protocol: 'TLSv1.3', resumption: 'none', ciphers: null, tickets: true, crl: true, store });

  progress('crypto cost model: signing, verification and key exchange per key type (tinybench)');
  const costs = await measureCryptoCosts({ timePerOperationMs: options.costTimePerOperationMs ?? 100 });
  const predictions = KEY_TYPES.map((keyType) => predictHandshake(costs, keyType));

  let fullRun: RunEvidence = { status: 'not-measured', reason: 'skipped' };
  let resumedRun: RunEvidence = { status: 'not-measured', reason: 'skipped' };
  if (!options.skipRuns) {
    progress('quick run: one-way vs mutual, full handshakes and keep-alive');
    fullRun = await quickRun('paper-claims-full', 'One-way vs mutual TLS 1.3, full handshakes and keep-alive', ['none'], ['handshake', 'keep-alive'], options.outDir);
    progress('quick run: one-way vs mutual with ticket resumption');
    resumedRun = await quickRun('paper-claims-resumed', 'One-way vs mutual TLS 1.3 with ticket resumption', ['ticket'], ['handshake'], options.outDir);
  }
  const comparison = fullRun.status === 'measured' ? compareWithRun(costs, fullRun.result) : [];
  return { census, matrix, probe, costs, predictions, fullRun, resumedRun, comparison };
}

async function quickRun(name: string, description: string, resumption: string[], workload: string[], outDir: string | undefined): Promise<RunEvidence> {
  const scenario = parseScenario(`built-in ${name}`, {
    name,
    description,
    matrix: { mode: ['one-way', 'mutual'], serverKey: [...RUN_KEY_TYPES], protocol: ['TLSv1.3'], resumption, workload },
    quick: QUICK_SETTINGS,
  });
  try {
    const outcome = await runScenario({ scenario, path: `built-in:${name}`, hash: '' }, { quick: true, resultsDir: outDir });
    return { status: 'measured', result: outcome.result, dir: outcome.dir };
  } catch (error) {
    return { status: 'not-measured', reason: error instanceof Error ? error.message : String(error) };
  }
}
