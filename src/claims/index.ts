import { collectEvidence, type EvidenceOptions } from './evidence.js';
import { renderClaimsJson, renderClaimsMarkdown, renderClaimsText, type ClaimsReport } from './render.js';
import { judgeClaims } from './verdicts.js';

export { collectEvidence, judgeClaims, renderClaimsJson, renderClaimsMarkdown, renderClaimsText };
export type { ClaimsReport };

export interface PaperClaimsOptions {
  markdown?: boolean;
  json?: boolean;
  /** Folder under which the quick runs write their result folders; default `results`. */
  outDir?: string;
}

/** Collects the evidence and judges each claim, without printing anything. */
export async function checkClaims(options: EvidenceOptions = {}): Promise<ClaimsReport> {
  const evidence = await collectEvidence(options);
  return { verdicts: judgeClaims(evidence), evidence };
}

/**
 * `bench run paper-claims`: prints one verdict per claim with its evidence to stdout (text,
 * Markdown or JSON) and progress to stderr. Returns the exit code: 0 when every check ran, 1 when
 * the security matrix met an unexpected outcome.
 */
export async function runPaperClaims(options: PaperClaimsOptions = {}): Promise<number> {
  const report = await checkClaims({ outDir: options.outDir, onProgress: (message) => process.stderr.write(`${message}\n`) });
  let output: string;
  if (options.json) output = renderClaimsJson(report);
  else if (options.markdown) output = renderClaimsMarkdown(report);
  else output = renderClaimsText(report);
  process.stdout.write(output);
  if (report.evidence.fullRun.status === 'not-measured') process.stderr.write(`warning: the one-way vs mutual run failed: ${report.evidence.fullRun.reason}\n`);
  return report.evidence.matrix.allAsExpected ? 0 : 1;
}
