import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { checkClaims, renderClaimsJson, renderClaimsMarkdown, renderClaimsText, type ClaimsReport } from '../src/claims/index.js';
import { CLAIM_IDS } from '../src/claims/claims.js';
import { PkiStore } from '../src/pki/store.js';
import { TEST_PKI_DIR } from './helpers/cli.js';

describe('claim verdicts', () => {
  let report: ClaimsReport;
  before(async () => {
    // The timed runs are skipped: their verdict must then read "not measured", never a guess.
    report = await checkClaims({ store: new PkiStore(TEST_PKI_DIR), skipRuns: true, costTimePerOperationMs: 2 });
  });

  const verdictOf = (id: string) => report.verdicts.find((verdict) => verdict.id === id);

  it('gives one verdict per claim', () => {
    assert.deepEqual(report.verdicts.map((verdict) => verdict.id), [...CLAIM_IDS]);
  });

  it('message counts hold only for RSA key transport', () => {
    for (const id of ['C1', 'C2']) {
      const verdict = verdictOf(id);
      assert.equal(verdict?.verdict, 'holds only when', id);
      assert.match(verdict?.condition ?? '', /^TLS 1\.2, RSA key transport, no ticket, and ChangeCipherSpec counted as a message/);
    }
    assert.match(verdictOf('C2')?.finding ?? '', /mutual adds exactly CertificateRequest, Certificate and CertificateVerify and no round trip/);
  });

  it('cipher claim does not hold', () => {
    assert.equal(verdictOf('C3')?.verdict, 'does not hold');
  });

  it('authentication claim holds with conditions', () => {
    assert.equal(verdictOf('C4')?.verdict, 'holds only when');
    assert.equal(report.evidence.matrix.allAsExpected, true);
  });

  it('skipped runs read not measured', () => {
    assert.equal(verdictOf('C5')?.verdict, 'not measured');
    assert.match(renderClaimsText(report), /measured extra server µs/);
    assert.match(renderClaimsText(report), /not measured/);
  });

  it('probe and general costs', () => {
    assert.equal(verdictOf('C6')?.verdict, 'holds');
    assert.equal(verdictOf('C7')?.verdict, 'not measured');
  });

  it('markdown has a verdict table', () => {
    const markdown = renderClaimsMarkdown(report);
    assert.match(markdown, /^\| claim \| statement \| verdict \|$/m);
    assert.match(markdown, /^\| C3 \| .* \| \*\*does not hold\*\* \|$/m);
  });

  it('json parses with verdicts and census', () => {
    const parsed = JSON.parse(renderClaimsJson(report)) as { verdicts: unknown[]; census: unknown[]; runs: { full: { status: string } } };
    assert.equal(parsed.verdicts.length, CLAIM_IDS.length);
    assert.ok(parsed.census.length > 0);
    assert.equal(parsed.runs.full.status, 'not-measured');
  });
});
