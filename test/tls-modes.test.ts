import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { readClientMaterial, clientTlsOptions } from '../src/load/tls-options.js';
import { PkiStore, type CellPki } from '../src/pki/store.js';
import { cellId, PROTOCOLS, type Cell, type Mode, type Protocol } from '../src/scenario/vocabulary.js';
import { CountingHttpsServer } from '../src/server/https-server.js';
import { TEST_PKI_DIR } from './helpers/cli.js';
import { requestOnce } from './helpers/request.js';

function cellFor(mode: Mode, protocol: Protocol): Cell {
  const base = { mode, serverKey: 'ecdsa-p256', clientKey: 'ecdsa-p256', caKey: null, protocol, resumption: 'none', workload: 'handshake', ciphers: null, revocation: 'none', revokedCount: 0 } as const;
  return { id: cellId(base), ...base };
}

let pki: CellPki;
before(async () => {
  pki = await new PkiStore(TEST_PKI_DIR).forCell({ serverKey: 'ecdsa-p256', clientKey: 'ecdsa-p256', caKey: null });
});

for (const protocol of PROTOCOLS) {
  describe(`servers on ${protocol}`, () => {
    const servers: CountingHttpsServer[] = [];
    after(async () => Promise.all(servers.map((server) => server.close())));

    async function start(mode: Mode): Promise<{ port: number; server: CountingHttpsServer; cell: Cell }> {
      const cell = cellFor(mode, protocol);
      const server = new CountingHttpsServer({ cell, pki, crlPath: null, ticketKeys: randomBytes(48).toString('hex'), workers: 1, host: '127.0.0.1' });
      servers.push(server);
      return { port: await server.listen('127.0.0.1', 0), server, cell };
    }

    test('mutual server rejects a client without a certificate', async () => {
      const { port, cell } = await start('mutual');
      const withoutCertificate = clientTlsOptions({ ...cell, mode: 'one-way' }, readClientMaterial(pki));
      const outcome = await requestOnce(port, withoutCertificate);
      assert.equal(outcome.responded, false);
      assert.notEqual(outcome.errorCode, null);
    });

    test('mutual server accepts a client with a certificate and counts it verified', async () => {
      const { port, cell, server } = await start('mutual');
      server.beginWindow();
      const outcome = await requestOnce(port, clientTlsOptions(cell, readClientMaterial(pki)));
      assert.equal(outcome.responded, true);
      const counters = server.endWindow();
      assert.equal(counters.handshakes, 1);
      assert.equal(counters.verifiedClientCerts, 1);
      assert.deepEqual(Object.keys(counters.protocols), [protocol]);
      assert.deepEqual(Object.keys(counters.clientKeyTypes), ['ecdsa-p256']);
    });

    test('one-way server accepts a client without a certificate', async () => {
      const { port, cell, server } = await start('one-way');
      server.beginWindow();
      const outcome = await requestOnce(port, clientTlsOptions(cell, readClientMaterial(pki)));
      assert.equal(outcome.responded, true);
      const counters = server.endWindow();
      assert.equal(counters.handshakes, 1);
      assert.equal(counters.verifiedClientCerts, 0);
    });
  });
}
