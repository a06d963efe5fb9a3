import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ProbeReport, ProbeSide } from '../src/trace/probe.js';
import { runCli } from './helpers/cli.js';

const FILLED_FIELDS = ['protocol', 'cipherSuite', 'bulkCipher', 'bulkKeySizeBits', 'mac', 'hash', 'keyExchange', 'signatureAlgorithm', 'localCertificate', 'peerCertificate'] as const;

function assertFilled(side: ProbeSide): void {
  for (const field of FILLED_FIELDS) assert.notEqual(side[field], null, `${side.side}.${field}`);
  assert.equal(side.peerAuthenticated, true, `${side.side}.peerAuthenticated`);
  assert.equal(side.encrypted, true);
  assert.equal(side.integrityProtected, true);
  assert.equal(side.sessionReused, false);
}

describe('bench probe', () => {
  it('--json fills both sides', async () => {
    const result = await runCli(['probe', '--mode', 'mutual', '--key', 'ecdsa-p256', '--crl', '--json'], { timeoutMs: 60_000 });
    assert.equal(result.status, 0, result.stderr);
    const report = JSON.parse(result.stdout) as ProbeReport;
    assertFilled(report.server);
    assertFilled(report.client);
    assert.equal(report.server.isServer, true);
    assert.equal(report.client.isServer, false);
    assert.equal(report.server.crlChecked, true);
    assert.equal(report.client.crlChecked, false);
    assert.equal(report.server.cipherSuite, report.client.cipherSuite);
    assert.equal(report.server.localCertificate?.serial, report.client.peerCertificate?.serial);
    assert.equal(report.server.peerCertificate?.keyType, 'ecdsa-p256');
    assert.equal(report.census.textbookCount, 12);
    assert.equal(report.bytesCheck.matches, true);
  });

  it('text output has server and client columns', async () => {
    const result = await runCli(['probe', '--mode', 'one-way', '--key', 'rsa-2048', '--tls', 'TLSv1.2', '--ciphers', 'AES128-GCM-SHA256', '--no-tickets'], { timeoutMs: 60_000 });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^\s+server\s+client$/m);
    assert.match(result.stdout, /^key exchange\s+RSA key transport \(2048 bits\)\s+RSA key transport/m);
    assert.match(result.stdout, /counted the textbook way \(ChangeCipherSpec as a message\): 9/);
  });

  it('invalid --tls exits 2 naming the values', async () => {
    const result = await runCli(['probe', '--tls', '1.3'], { timeoutMs: 30_000 });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /--tls: invalid value "1\.3"; accepted values: TLSv1\.2, TLSv1\.3/);
  });
});
