import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { clientTlsOptions, readClientMaterial } from '../src/load/tls-options.js';
import { PkiStore } from '../src/pki/store.js';
import { traceCellHandshake } from '../src/runner/handshake-trace.js';
import { KEY_TYPES, MODES, PROTOCOLS, cellId, type Cell, type KeyType, type Mode, type Protocol } from '../src/scenario/vocabulary.js';
import { CountingHttpsServer } from '../src/server/https-server.js';
import { TEST_PKI_DIR } from './helpers/cli.js';
import { requestOnce } from './helpers/request.js';

const store = new PkiStore(TEST_PKI_DIR);

function cellFor(mode: Mode, protocol: Protocol, serverKey: KeyType, clientKey: KeyType): Cell {
  const base = { mode, serverKey, clientKey, caKey: null, protocol, resumption: 'none', workload: 'handshake', ciphers: null, revocation: 'none', revokedCount: 0 } as const;
  return { id: cellId(base), ...base };
}

/**
 * Signature scheme OpenSSL 3.0 picks for a key type. RSA keys sign with RSA-PSS on both protocols.
 * TLS 1.3 binds an ECDSA scheme to its curve; TLS 1.2 does not, so a P-384 key signs with the first
 * ECDSA scheme Node's client offers, ecdsa_secp256r1_sha256 (SHA-256 over P-384).
 */
function expectedSignature(keyType: KeyType, protocol: Protocol): string {
  if (keyType.startsWith('rsa-')) return 'rsa_pss_rsae_sha256';
  if (keyType === 'ed25519') return 'ed25519';
  if (keyType === 'ecdsa-p384' && protocol === 'TLSv1.3') return 'ecdsa_secp384r1_sha384';
  return 'ecdsa_secp256r1_sha256';
}

for (const protocol of PROTOCOLS) {
  for (const mode of MODES) {
    test(`every key type pair completes a ${mode} handshake on ${protocol}`, async () => {
      for (const serverKey of KEY_TYPES) {
        for (const clientKey of KEY_TYPES) {
          const cell = cellFor(mode, protocol, serverKey, clientKey);
          const pki = await store.forCell(cell);
          const server = new CountingHttpsServer({ cell, pki, crlPath: null, ticketKeys: randomBytes(48).toString('hex'), workers: 1, host: '127.0.0.1' });
          try {
            const port = await server.listen('127.0.0.1', 0);
            server.beginWindow();
            const outcome = await requestOnce(port, clientTlsOptions(cell, readClientMaterial(pki)));
            assert.equal(outcome.responded, true, `${cell.id}: ${outcome.errorCode}`);
            assert.equal(outcome.protocol, protocol, cell.id);
            const counters = server.endWindow();
            assert.equal(counters.verifiedClientCerts, mode === 'mutual' ? 1 : 0, cell.id);
            if (mode === 'mutual') assert.deepEqual(Object.keys(counters.clientKeyTypes), [clientKey], cell.id);
          } finally {
            await server.close();
          }
        }
      }
    });
  }
}

describe('traced handshakes report the signature scheme of each key type', () => {
  for (const protocol of PROTOCOLS) {
    for (const serverKey of KEY_TYPES) {
      // A different client key type in every pairing, so both sides' schemes are checked for each type.
      const clientKey = KEY_TYPES[(KEY_TYPES.indexOf(serverKey) + 3) % KEY_TYPES.length]!;
      test(`${serverKey} server with ${clientKey} client on ${protocol}`, async () => {
        const handshake = await traceCellHandshake(cellFor('mutual', protocol, serverKey, clientKey), store);
        assert.equal(handshake.error, null);
        assert.equal(handshake.signatureAlgorithms.server, expectedSignature(serverKey, protocol));
        assert.equal(handshake.signatureAlgorithms.client, expectedSignature(clientKey, protocol));
        assert.equal(handshake.group, 'ecdh_x25519');
      });
    }
  }
});
