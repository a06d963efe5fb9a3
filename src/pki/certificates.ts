// @peculiar/x509 resolves its algorithm providers through tsyringe, which needs the Reflect metadata polyfill loaded first.
import 'reflect-metadata';
import { createPrivateKey, randomBytes, sign, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import type { KeyType } from '../scenario/vocabulary.js';
import { TAG, children, encodeSerial, encodeTlv, encodeUtcTime, readTlv } from './der.js';
import { KEY_ALGORITHMS, exportPrivateKeyPem, generateKeyPair, importPrivateKeyPem, toPem } from './keys.js';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

/** A certificate with its private key, both PEM. */
export interface Credential {
  keyType: KeyType;
  certPem: string;
  keyPem: string;
  /** Serial number, lowercase hex. */
  serial: string;
}

export type LeafRole = 'server' | 'client';

export interface LeafOptions {
  role: LeafRole;
  keyType: KeyType;
  commonName?: string;
  notBefore?: Date;
  notAfter?: Date;
  /**
   * Extended key usages as OIDs. Defaults to serverAuth for a server and clientAuth for a client.
   * An empty list leaves the extension out, so the certificate is valid for any purpose.
   */
  extendedKeyUsages?: string[];
}

export const EXTENDED_KEY_USAGE = {
  serverAuth: x509.ExtendedKeyUsage.serverAuth,
  clientAuth: x509.ExtendedKeyUsage.clientAuth,
  codeSigning: x509.ExtendedKeyUsage.codeSigning,
} as const;

const DAY_MS = 24 * 60 * 60 * 1000;
/** Generated certificates live for 90 days; the cache regenerates them when fewer than 7 remain. */
export const VALIDITY_DAYS = 90;

/** Positive 16-byte serial: RFC 5280 allows up to 20 octets and requires a positive integer. */
function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f | 0x10;
  return bytes.toString('hex');
}

function defaultValidity(): { notBefore: Date; notAfter: Date } {
  // Back-date by an hour so a clock a little behind on the verifying side does not reject the leaf.
  const notBefore = new Date(Date.now() - 60 * 60 * 1000);
  return { notBefore, notAfter: new Date(notBefore.getTime() + VALIDITY_DAYS * DAY_MS) };
}

export async function createCertificateAuthority(keyType: KeyType, commonName = `mtls-bench ${keyType} CA`): Promise<Credential> {
  const keys = await generateKeyPair(keyType);
  const serial = randomSerial();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial,
    name: `CN=${commonName}, O=mtls-bench`,
    ...defaultValidity(),
    keys: keys as CryptoKeyPair,
    signingAlgorithm: KEY_ALGORITHMS[keyType].signing,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey as CryptoKey),
    ],
  });
  return { keyType, certPem: cert.toString('pem') + '\n', keyPem: await exportPrivateKeyPem(keys.privateKey), serial };
}

/** Issues a server or client leaf certificate signed by `ca`. */
export async function issueLeaf(ca: Credential, options: LeafOptions): Promise<Credential> {
  const keys = await generateKeyPair(options.keyType);
  const caCert = new x509.X509Certificate(ca.certPem);
  const caKey = await importPrivateKeyPem(ca.keyType, ca.keyPem);
  const serial = randomSerial();
  const validity = defaultValidity();
  const isRsa = options.keyType.startsWith('rsa-');

  // RSA leaves also carry keyEncipherment so that TLS 1.2 suites with RSA key transport can use them.
  let usage = x509.KeyUsageFlags.digitalSignature;
  if (isRsa) usage |= x509.KeyUsageFlags.keyEncipherment;
  const ekus = options.extendedKeyUsages ?? [options.role === 'server' ? EXTENDED_KEY_USAGE.serverAuth : EXTENDED_KEY_USAGE.clientAuth];

  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(usage, true),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey as CryptoKey),
    await x509.AuthorityKeyIdentifierExtension.create(caCert),
  ];
  if (ekus.length > 0) extensions.push(new x509.ExtendedKeyUsageExtension(ekus, false));
  if (options.role === 'server') {
    extensions.push(
      new x509.SubjectAlternativeNameExtension([
        { type: 'dns', value: 'localhost' },
        { type: 'ip', value: '127.0.0.1' },
        { type: 'ip', value: '::1' },
      ]),
    );
  }

  const commonName = options.commonName ?? (options.role === 'server' ? 'localhost' : `mtls-bench client ${options.keyType}`);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial,
    subject: `CN=${commonName}, O=mtls-bench`,
    issuer: caCert.subject,
    notBefore: options.notBefore ?? validity.notBefore,
    notAfter: options.notAfter ?? validity.notAfter,
    publicKey: keys.publicKey as CryptoKey,
    signingKey: caKey as CryptoKey,
    signingAlgorithm: KEY_ALGORITHMS[ca.keyType].signing,
    extensions,
  });
  return { keyType: options.keyType, certPem: cert.toString('pem') + '\n', keyPem: await exportPrivateKeyPem(keys.privateKey), serial };
}

/**
 * Creates a CRL signed by `ca` that revokes `serials` (lowercase hex). Node reads only the first CRL
 * of a concatenated PEM, so callers pass one CRL per issuer.
 *
 * @peculiar/x509 builds the CRL's frame (issuer, times, extensions, signature algorithm). Its encoder
 * takes time quadratic in the entry count (30 s for 16,000 serials on a 2-core VM), so the revoked
 * list is encoded here and spliced into the frame. The new TBSCertList is signed with node:crypto.
 */
export async function createCrl(ca: Credential, serials: readonly string[]): Promise<string> {
  const caCert = new x509.X509Certificate(ca.certPem);
  const caKey = await importPrivateKeyPem(ca.keyType, ca.keyPem);
  const now = new Date(Date.now() - 60 * 1000);
  const frame = await x509.X509CrlGenerator.create({
    issuer: caCert.subject,
    thisUpdate: now,
    nextUpdate: new Date(now.getTime() + VALIDITY_DAYS * DAY_MS),
    signingKey: caKey as CryptoKey,
    signingAlgorithm: KEY_ALGORITHMS[ca.keyType].signing,
    extensions: [await x509.AuthorityKeyIdentifierExtension.create(caCert)],
  });
  const der = Buffer.from(frame.rawData);
  const [tbs, signatureAlgorithm] = children(der, readTlv(der, 0));
  // TBSCertList: version, signature, issuer, thisUpdate, nextUpdate, [revokedCertificates], [0] extensions.
  const fields: Buffer[] = children(der, tbs!).map((field) => der.subarray(field.start, field.end));
  const revocationDate = encodeUtcTime(now);
  const revoked = encodeTlv(TAG.sequence, serials.map((serial) => encodeTlv(TAG.sequence, [encodeSerial(serial), revocationDate])));
  if (serials.length > 0) fields.splice(5, 0, revoked);
  const newTbs = encodeTlv(TAG.sequence, fields);
  const signature = signDer(ca, newTbs);
  const crl = encodeTlv(TAG.sequence, [newTbs, der.subarray(signatureAlgorithm!.start, signatureAlgorithm!.end), encodeTlv(TAG.bitString, [Buffer.from([0]), signature])]);
  // OpenSSL (and so Node's `crl` option) reads only the "X509 CRL" PEM label.
  return toPem('X509 CRL', crl);
}

/** Signs with the CA key the way its certificates are signed: ECDSA (DER), RSA PKCS#1 v1.5, or Ed25519. */
function signDer(ca: Credential, data: Buffer): Buffer {
  const key = createPrivateKey(ca.keyPem);
  let hash: string | null = 'sha256';
  if (ca.keyType === 'ed25519') hash = null;
  if (ca.keyType === 'ecdsa-p384') hash = 'sha384';
  return sign(hash, data, key);
}

/** Makes `count` distinct random serials, for padding a CRL to a realistic size. */
export function randomSerials(count: number): string[] {
  return Array.from({ length: count }, randomSerial);
}
