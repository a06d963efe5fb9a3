import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { PkiStore } from '../src/pki/store.js';
import { PROTOCOLS } from '../src/scenario/vocabulary.js';
import { buildLegacyClientHello } from '../src/trace/legacy-hello.js';
import { runSecurityMatrix, type SecurityMatrix } from '../src/trace/security-matrix.js';
import { CLIENT_CREDENTIAL_CASES } from '../src/trace/special-credentials.js';
import { TEST_PKI_DIR } from './helpers/cli.js';

/** OpenSSL verification codes a mutual server reports per rejected certificate. */
const SERVER_REASONS = {
  expired: 'CERT_HAS_EXPIRED',
  revoked: 'CERT_REVOKED',
  'no-client-auth-eku': 'INVALID_PURPOSE',
} as const;

describe('security matrix', () => {
  let matrix: SecurityMatrix;
  before(async () => {
    matrix = await runSecurityMatrix({ store: new PkiStore(TEST_PKI_DIR), keyType: 'ecdsa-p256' });
  });

  it('covers every case on both protocols', () => {
    assert.equal(matrix.authentication.length, PROTOCOLS.length * 2 * CLIENT_CREDENTIAL_CASES.length);
  });

  for (const protocol of PROTOCOLS) {
    for (const serverMode of ['one-way', 'mutual'] as const) {
      for (const client of CLIENT_CREDENTIAL_CASES) {
        const expected = serverMode === 'one-way' || client === 'valid' ? 'accepted' : 'rejected';
        it(`${protocol} ${serverMode} ${client} is ${expected}`, () => {
          const row = matrix.authentication.find((entry) => entry.protocol === protocol && entry.serverMode === serverMode && entry.client === client);
          assert.ok(row, 'row missing');
          assert.equal(row.expected, expected);
          assert.equal(row.outcome, expected, JSON.stringify(row));
          assert.equal(row.serverObserved.accepted, expected === 'accepted');
          if (expected === 'accepted') assert.equal(row.clientObserved.responseStatus, 200);
          else assert.notEqual(row.clientObserved.error, null);
        });
      }
    }
  }

  it('mutual server names each rejection', () => {
    for (const protocol of PROTOCOLS) {
      const rows = matrix.authentication.filter((row) => row.protocol === protocol && row.serverMode === 'mutual');
      const byCase = (name: string) => rows.find((row) => row.client === name);
      assert.equal(byCase('none')?.serverObserved.error, 'ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE');
      for (const [name, code] of Object.entries(SERVER_REASONS)) assert.equal(byCase(name)?.serverObserved.authorizationError, code, `${protocol} ${name}`);
      assert.notEqual(byCase('untrusted-ca')?.serverObserved.authorizationError, null);
    }
  });

  it('TLS 1.3 rejections come after secureConnect', () => {
    const rejected = matrix.authentication.filter((row) => row.protocol === 'TLSv1.3' && row.outcome === 'rejected');
    assert.equal(rejected.length, CLIENT_CREDENTIAL_CASES.length - 1);
    for (const row of rejected) assert.equal(row.lateRejection, true, row.client);
    const none = rejected.find((row) => row.client === 'none');
    assert.equal(none?.clientObserved.error, 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED');
  });

  it('servers refuse SSLv3, TLS 1.0 and TLS 1.1', () => {
    assert.ok(matrix.legacy.length > 0);
    for (const row of matrix.legacy) assert.equal(row.refused, true, JSON.stringify(row));
    const sslv3 = matrix.legacy.filter((row) => row.offered === 'SSLv3');
    assert.equal(sslv3.length, PROTOCOLS.length);
    for (const row of sslv3) assert.match(row.clientSaw, /^alert /);
    assert.equal(matrix.allAsExpected, true);
  });

  it('legacy ClientHello has a consistent length', () => {
    const hello = buildLegacyClientHello(0x0300);
    assert.equal(hello[0], 22);
    assert.equal(hello.readUInt16BE(1), 0x0300);
    assert.equal(hello.readUInt16BE(3), hello.length - 5);
    assert.equal(hello.readUIntBE(6, 3), hello.length - 9);
  });
});
