import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { test } from 'node:test';
import { PkiStore } from '../src/pki/store.js';
import { tempDir } from './helpers/cli.js';

test('pki cache writes private keys with mode 0600', async () => {
  const store = new PkiStore(tempDir('pki'));
  const pki = await store.forCell({ serverKey: 'ecdsa-p256', clientKey: 'ed25519', caKey: null });
  for (const files of [pki.server, pki.client, pki.serverCa, pki.clientCa]) {
    assert.equal((await stat(files.keyPath)).mode & 0o777, 0o600, files.keyPath);
  }
});

test('pki server certificate names localhost and 127.0.0.1', async () => {
  const store = new PkiStore(tempDir('pki'));
  const pki = await store.forCell({ serverKey: 'ecdsa-p256', clientKey: 'ecdsa-p256', caKey: null });
  const server = new X509Certificate(await readFile(pki.server.certPath));
  assert.equal(server.checkHost('localhost'), 'localhost');
  assert.equal(server.checkIP('127.0.0.1'), '127.0.0.1');
  assert.ok(server.checkIssued(new X509Certificate(await readFile(pki.serverCa.certPath))));
});

test('pki client certificate is issued by the client key type CA', async () => {
  const store = new PkiStore(tempDir('pki'));
  const pki = await store.forCell({ serverKey: 'ecdsa-p256', clientKey: 'ed25519', caKey: null });
  const client = new X509Certificate(await readFile(pki.client.certPath));
  assert.equal(client.publicKey.asymmetricKeyType, 'ed25519');
  assert.ok(client.checkIssued(new X509Certificate(await readFile(pki.clientCa.certPath))));
  assert.equal(pki.clientCa.keyType, 'ed25519');
});

test('pki cache reuses credentials on the second call', async () => {
  const store = new PkiStore(tempDir('pki'));
  const first = await store.forCell({ serverKey: 'ecdsa-p256', clientKey: 'ecdsa-p256', caKey: null });
  const second = await store.forCell({ serverKey: 'ecdsa-p256', clientKey: 'ecdsa-p256', caKey: null });
  assert.equal(second.server.serial, first.server.serial);
});
