import type { Command } from 'commander';
import { PkiStore, defaultPkiDir } from '../pki/store.js';
import { KEY_TYPES, type KeyType } from '../scenario/vocabulary.js';
import { parseKeyType } from './options.js';

/** `bench pki`: shows where certificates are cached, and regenerates them on request. */
export function registerPki(program: Command): void {
  program
    .command('pki')
    .description('Show the cached CA, server and client certificates, or regenerate them')
    .option('--dir <path>', 'certificate cache folder (default: $MTLS_BENCH_PKI_DIR or ~/.cache/mtls-bench/pki)')
    .option('--regenerate', 'delete the cache and generate new certificates for --key')
    .option('--key <types>', `comma-separated key types to generate or show (${KEY_TYPES.join(', ')})`, 'ecdsa-p256,rsa-2048')
    .action(async (options: { dir?: string; regenerate?: boolean; key: string }) => {
      const store = new PkiStore(options.dir ?? defaultPkiDir());
      const keyTypes: KeyType[] = options.key.split(',').map((value) => parseKeyType('--key', value.trim()));
      if (options.regenerate) {
        await store.clear();
        process.stderr.write(`removed ${store.dir}\n`);
      }
      process.stdout.write(`certificate cache: ${store.dir}\n`);
      for (const keyType of keyTypes) {
        const pki = await store.forCell({ serverKey: keyType, clientKey: keyType, caKey: null });
        process.stdout.write(`\n${keyType}\n`);
        for (const [label, files] of [['CA', pki.serverCa], ['server', pki.server], ['client', pki.client]] as const) {
          process.stdout.write(`  ${label.padEnd(7)} ${files.certPath}  serial ${files.serial}  valid until ${files.notAfter}\n`);
          process.stdout.write(`  ${''.padEnd(7)} ${files.keyPath}  (private key, mode 0600)\n`);
        }
      }
    });
}
