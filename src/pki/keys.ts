import { webcrypto } from 'node:crypto';
import type { KeyType } from '../scenario/vocabulary.js';

const subtle = webcrypto.subtle;

/**
 * WebCrypto parameters per key type. RSA keys use PKCS#1 v1.5 for the certificate signatures only.
 * In the handshake OpenSSL 3.0 signs with RSA-PSS whatever signature algorithm the certificate carries.
 */
interface KeyAlgorithm {
  generate: RsaHashedKeyGenParams | EcKeyGenParams | Algorithm;
  /** Parameters for importing the PKCS#8 key again. */
  import: RsaHashedImportParams | EcKeyImportParams | Algorithm;
  /** Algorithm the CA signs certificates and CRLs with. */
  signing: Algorithm | EcdsaParams;
}

function rsa(modulusLength: number): KeyAlgorithm {
  const name = 'RSASSA-PKCS1-v1_5';
  return {
    generate: { name, hash: 'SHA-256', modulusLength, publicExponent: new Uint8Array([1, 0, 1]) },
    import: { name, hash: 'SHA-256' },
    signing: { name },
  };
}

function ecdsa(namedCurve: 'P-256' | 'P-384', hash: 'SHA-256' | 'SHA-384'): KeyAlgorithm {
  return {
    generate: { name: 'ECDSA', namedCurve },
    import: { name: 'ECDSA', namedCurve },
    signing: { name: 'ECDSA', hash },
  };
}

export const KEY_ALGORITHMS: Record<KeyType, KeyAlgorithm> = {
  'rsa-2048': rsa(2048),
  'rsa-3072': rsa(3072),
  'rsa-4096': rsa(4096),
  'ecdsa-p256': ecdsa('P-256', 'SHA-256'),
  'ecdsa-p384': ecdsa('P-384', 'SHA-384'),
  ed25519: { generate: { name: 'Ed25519' }, import: { name: 'Ed25519' }, signing: { name: 'Ed25519' } },
};

export async function generateKeyPair(keyType: KeyType): Promise<webcrypto.CryptoKeyPair> {
  const pair = await subtle.generateKey(KEY_ALGORITHMS[keyType].generate, true, ['sign', 'verify']);
  return pair as webcrypto.CryptoKeyPair;
}

export async function exportPrivateKeyPem(key: webcrypto.CryptoKey): Promise<string> {
  const der = Buffer.from(await subtle.exportKey('pkcs8', key));
  return toPem('PRIVATE KEY', der);
}

export async function importPrivateKeyPem(keyType: KeyType, pem: string): Promise<webcrypto.CryptoKey> {
  const der = fromPem(pem);
  return subtle.importKey('pkcs8', der, KEY_ALGORITHMS[keyType].import, false, ['sign']);
}

export function toPem(label: string, der: Uint8Array): string {
  const body = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}

function fromPem(pem: string): Buffer {
  const body = pem.replace(/-----(BEGIN|END) [A-Z ]+-----/g, '').replace(/\s+/g, '');
  return Buffer.from(body, 'base64');
}

/**
 * Describes a Node KeyObject in the project's key type words, or null for a key type the project
 * does not generate. Used to check that a negotiated certificate matches its cell.
 */
export function keyTypeOf(details: { asymmetricKeyType?: string; modulusLength?: number; namedCurve?: string }): KeyType | null {
  switch (details.asymmetricKeyType) {
    case 'rsa':
      return ({ 2048: 'rsa-2048', 3072: 'rsa-3072', 4096: 'rsa-4096' } as const)[details.modulusLength as 2048] ?? null;
    case 'ec':
      return ({ prime256v1: 'ecdsa-p256', secp384r1: 'ecdsa-p384' } as const)[details.namedCurve as 'prime256v1'] ?? null;
    case 'ed25519':
      return 'ed25519';
    default:
      return null;
  }
}
