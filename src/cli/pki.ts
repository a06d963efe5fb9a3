import type { Command } from 'commander';
import { readdir } from 'node:fs/promises';
import { PkiStore, defaultPkiDir } from '../pki/store.js';
import { KEY_TYPES, type KeyType } from '../scenario/vocabulary.js';
import { parseKeyType } from './options.js';

/** Key types that already have a folder in the cache, in the order of KEY_TYPES. */
async function cachedKeyTypes(store: PkiStore): Promise<KeyType[]> {
  const entries = await readdir(store.dir).catch(() => [] as string[]);
  return KEY_TYPES.filter((keyType) => entries.includes(keyType));
}

/** `bench pki`: shows where certificates are cached, and regenerates them on request. */
export function registerPki(program: Command): void {
  program
    .command('pki')
    .description('Show the cached CAs, server and client certificates, or regenerate them')
    .option('--pki-dir <path>', 'certificate cache folder (default: $MTLS_BENCH_PKI_DIR or ~/.cache/mtls-bench/pki)')
    .option('--regenerate', 'delete the cache, then generate new certificates for --key')
    .option('--key <types>', `comma-separated key types to show or generate (${KEY_TYPES.join(', ')}); default: every cached type, or ecdsa-p256,rsa-2048 when the cache is empty`)
    .action(async (options: { pkiDir?: string; regenerate?: boolean; key?: string }) => {
      const store = new PkiStore(options.pkiDir ?? defaultPkiDir());
      let keyTypes: KeyType[] = options.key ? options.key.split(',').map((value) => parseKeyType('--key', value.trim())) : [];
      if (options.regenerate) {
        if (keyTypes.length === 0) keyTypes = await cachedKeyTypes(store);
        await store.clear();
        process.stderr.write(`removed ${store.dir}\n`);
      }
      if (keyTypes.length === 0) keyTypes = await cachedKeyTypes(store);
      if (keyTypes.length === 0) keyTypes = ['ecdsa-p256', 'rsa-2048'];
      process.stdout.write(`certificate cache: ${store.dir}\n`);
      for (const keyType of keyTypes) {
        const pki = await store.forCell({ serverKey: keyType, clientKey: keyType, caKey: null });
        process.stdout.write(`\n${keyType}\n`);
        const rows = [['server CA', pki.serverCa], ['server', pki.server], ['client CA', pki.clientCa], ['client', pki.client]] as const;
        for (const [label, files] of rows) {
          process.stdout.write(`  ${label.padEnd(9)} ${files.certPath}  serial ${files.serial}  valid until ${files.notAfter}\n`);
          process.stdout.write(`  ${''.padEnd(9)} ${files.keyPath}  (private key, mode 0600)\n`);
        }
      }
    });
}
