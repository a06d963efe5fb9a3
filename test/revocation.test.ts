import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { clientTlsOptions, readClientMaterial } from '../src/load/tls-options.js';
import { createCrl, randomSerials } from '../src/pki/certificates.js';
import { PkiStore, readCredential } from '../src/pki/store.js';
import { cellId, type Cell } from '../src/scenario/vocabulary.js';
import { CountingHttpsServer } from '../src/server/https-server.js';
import { readServerMaterial, serverTlsOptions } from '../src/server/tls-options.js';
import { TEST_PKI_DIR, tempDir } from './helpers/cli.js';
import { requestOnce } from './helpers/request.js';

const base = { mode: 'mutual', serverKey: 'ecdsa-p256', clientKey: 'ecdsa-p256', caKey: null, protocol: 'TLSv1.3', resumption: 'none', workload: 'handshake', ciphers: null, revocation: 'crl', revokedCount: 1000 } as const;
const cell: Cell = { id: cellId(base), ...base };
const store = new PkiStore(TEST_PKI_DIR);
const servers: CountingHttpsServer[] = [];
after(async () => Promise.all(servers.map((server) => server.close())));

async function serve(crlPath: string): Promise<number> {
  const pki = await store.forCell(cell);
  const server = new CountingHttpsServer({ cell, pki, crlPath, ticketKeys: randomBytes(48).toString('hex'), workers: 1, host: '127.0.0.1' });
  servers.push(server);
  return server.listen('127.0.0.1', 0);
}

test('crl cell accepts a client missing from the revoked list', async () => {
  const pki = await store.forCell(cell);
  const port = await serve(await store.crl(pki.clientCa.keyType, 1000));
  const outcome = await requestOnce(port, clientTlsOptions(cell, readClientMaterial(pki)));
  assert.equal(outcome.responded, true, String(outcome.errorCode));
});

test('crl cell rejects a revoked client with CERT_REVOKED', async () => {
  const pki = await store.forCell(cell);
  const crlPath = join(tempDir('crl'), 'revoked.pem');
  await writeFile(crlPath, await createCrl(await readCredential(pki.clientCa), [...randomSerials(1000), pki.client.serial]));
  const port = await serve(crlPath);
  const outcome = await requestOnce(port, clientTlsOptions(cell, readClientMaterial(pki)));
  assert.equal(outcome.responded, false);

  // With rejectUnauthorized off the same server accepts the connection and shows why it would reject it.
  const options = { ...serverTlsOptions(cell, readServerMaterial(pki, crlPath)), rejectUnauthorized: false };
  const reason = await new Promise<string>((resolve) => {
    const server = createServer(options, (request, response) => {
      const socket = request.socket as TLSSocket;
      resolve(socket.authorized ? 'authorized' : String(socket.authorizationError));
      response.end();
      server.close();
    });
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      void requestOnce(typeof address === 'object' && address ? address.port : 0, clientTlsOptions(cell, readClientMaterial(pki)));
    });
  });
  assert.equal(reason, 'CERT_REVOKED');
});

test('cached crl holds the requested number of serials', async () => {
  const pki = await store.forCell(cell);
  const pem = await readFile(await store.crl(pki.clientCa.keyType, 1000), 'utf8');
  const text = execFileSync('openssl', ['crl', '-noout', '-text'], { input: pem, encoding: 'utf8' });
  assert.equal(text.match(/Serial Number:/g)?.length, 1000);
});
