import { alignColumns, formatCensus } from './census-format.js';
import type { ProbeReport, ProbeSide } from './probe.js';
import type { CertificateSummary } from './side-view.js';

function yesNo(value: boolean): string {
  return value ? 'yes' : 'no';
}

function withBits(name: string | null, bits: number | null): string {
  if (name === null) return '—';
  return bits === null ? name : `${name} (${bits} bits)`;
}

function certificateRows(label: string, pick: (side: ProbeSide) => CertificateSummary | null, server: ProbeSide, client: ProbeSide): string[][] {
  const field = (side: ProbeSide, read: (certificate: CertificateSummary) => string): string => {
    const certificate = pick(side);
    return certificate ? read(certificate) : 'none';
  };
  return [
    [`${label} subject`, field(server, (c) => c.subject), field(client, (c) => c.subject)],
    [`${label} issuer`, field(server, (c) => c.issuer), field(client, (c) => c.issuer)],
    [`${label} serial`, field(server, (c) => c.serial), field(client, (c) => c.serial)],
    [`${label} valid from`, field(server, (c) => c.validFrom), field(client, (c) => c.validFrom)],
    [`${label} valid to`, field(server, (c) => c.validTo), field(client, (c) => c.validTo)],
    [`${label} key`, field(server, (c) => c.keyType), field(client, (c) => c.keyType)],
  ];
}

/** Formats the probe as text: both sides in two aligned columns, then the handshake census. */
export function formatProbe(report: ProbeReport): string {
  const { server, client, settings } = report;
  const both = (read: (side: ProbeSide) => string): [string, string] => [read(server), read(client)];
  const rows: string[][] = [
    ['', 'server', 'client'],
    ['protocol', ...both((side) => side.protocol ?? '—')],
    ['cipher suite', ...both((side) => side.cipherSuite ?? '—')],
    ['bulk cipher', ...both((side) => withBits(side.bulkCipher, side.bulkKeySizeBits))],
    ['integrity (MAC)', ...both((side) => withBits(side.mac, side.macSizeBits))],
    ['hash (PRF/HKDF)', ...both((side) => withBits(side.hash, side.hashSizeBits))],
    ['key exchange', ...both((side) => withBits(side.keyExchange, side.keyExchangeSizeBits))],
    ['own signature', ...both((side) => side.signatureAlgorithm ?? side.signatureNote ?? '—')],
    ['this side is', ...both((side) => (side.isServer ? 'the server' : 'the client'))],
    ['peer authenticated', ...both((side) => side.peerAuthentication)],
    ['encrypted', ...both((side) => yesNo(side.encrypted))],
    ['integrity-protected', ...both((side) => yesNo(side.integrityProtected))],
    ['CRL checked', ...both((side) => yesNo(side.crlChecked))],
    ...certificateRows('local certificate', (side) => side.localCertificate, server, client),
    ...certificateRows('remote certificate', (side) => side.peerCertificate, server, client),
    ['session reused', ...both((side) => yesNo(side.sessionReused))],
  ];
  const title = `${settings.mode} ${settings.protocol}, server key ${settings.serverKey}, client key ${settings.clientKey}, resumption ${settings.resumption}` +
    (settings.ciphers ? `, ciphers ${settings.ciphers}` : '') + (settings.tickets ? '' : ', tickets off');
  const lines = [title, '', ...alignColumns(rows), '', 'handshake census (client-side OpenSSL trace)', ...formatCensus(report.census, report.bytesCheck)];
  return lines.join('\n') + '\n';
}
