import type { Command } from 'commander';
import { InputError } from '../errors.js';
import { PkiStore, defaultPkiDir } from '../pki/store.js';
import { KEY_TYPES, MODES, PROTOCOLS, RESUMPTIONS } from '../scenario/vocabulary.js';
import { probeConnection } from '../trace/probe.js';
import { formatProbe } from '../trace/probe-format.js';
import { parseChoice, parseKeyType } from './options.js';

interface ProbeFlags {
  mode: string;
  key: string;
  clientKey?: string;
  tls: string;
  resumption: string;
  ciphers?: string;
  tickets: boolean;
  crl?: boolean;
  json?: boolean;
  pkiDir?: string;
}

/** `bench probe`: one traced connection, described from the server's and the client's side. */
export function registerProbe(program: Command): void {
  program
    .command('probe')
    .description('Make one connection and show what the server and the client each negotiated and verified, with its handshake census')
    .option('--mode <mode>', `one-way or mutual (${MODES.join(', ')})`, 'mutual')
    .option('--key <type>', `server key type (${KEY_TYPES.join(', ')})`, 'ecdsa-p256')
    .option('--client-key <type>', 'client key type (default: same as --key)')
    .option('--tls <protocol>', `protocol version (${PROTOCOLS.join(', ')})`, 'TLSv1.3')
    .option('--resumption <kind>', `none traces a full handshake; session-id or ticket trace a resumed one (${RESUMPTIONS.join(', ')})`, 'none')
    .option('--ciphers <list>', 'OpenSSL cipher list for TLS 1.2, e.g. AES128-GCM-SHA256 for RSA key transport')
    .option('--no-tickets', 'server issues no session tickets (SSL_OP_NO_TICKET)')
    .option('--crl', 'mutual server loads a CRL of the client CA and checks revocation')
    .option('--pki-dir <path>', 'certificate cache folder (default: $MTLS_BENCH_PKI_DIR or ~/.cache/mtls-bench/pki)')
    .option('--json', 'print the report as JSON')
    .action(async (flags: ProbeFlags) => {
      const serverKey = parseKeyType('--key', flags.key);
      const protocol = parseChoice('--tls', flags.tls, PROTOCOLS);
      const resumption = parseChoice('--resumption', flags.resumption, RESUMPTIONS);
      if (resumption === 'ticket' && !flags.tickets) throw new InputError('--resumption ticket needs session tickets; remove --no-tickets');
      if (resumption === 'session-id' && protocol === 'TLSv1.3') {
        throw new InputError('--resumption session-id works only with --tls TLSv1.2 on Node 20 (TLS 1.3 resumes through tickets); use --resumption ticket');
      }
      const report = await probeConnection({
        mode: parseChoice('--mode', flags.mode, MODES),
        serverKey,
        clientKey: flags.clientKey ? parseKeyType('--client-key', flags.clientKey) : serverKey,
        protocol,
        resumption,
        ciphers: flags.ciphers ?? null,
        tickets: flags.tickets,
        crl: flags.crl ?? false,
        store: new PkiStore(flags.pkiDir ?? defaultPkiDir()),
      });
      process.stdout.write(flags.json ? JSON.stringify(report, null, 2) + '\n' : formatProbe(report));
    });
}
