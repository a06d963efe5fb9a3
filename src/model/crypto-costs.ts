import {
  constants as cryptoConstants,
  createECDH,
  diffieHellman,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
  type SignKeyObjectInput,
  type VerifyKeyObjectInput,
} from 'node:crypto';
import { Bench } from 'tinybench';
import { KEY_TYPES, type KeyType } from '../scenario/vocabulary.js';

/** Median time of the public-key operations a handshake performs with one key type, in microseconds. */
export interface KeyTypeCost {
  keyType: KeyType;
  /** Handshake signature (CertificateVerify; ServerKeyExchange in TLS 1.2): RSA-PSS for RSA keys. */
  signUs: number;
  /** Verification of that handshake signature. */
  verifyUs: number;
  /** Verification of a certificate signature made by a CA of this key type (PKCS#1 v1.5 for RSA, as the project's CA signs). */
  certificateVerifyUs: number;
}

export const KEY_EXCHANGE_GROUPS = ['X25519', 'P-256'] as const;
export type KeyExchangeGroup = (typeof KEY_EXCHANGE_GROUPS)[number];

/** One side's share of an ephemeral key exchange: generate a key pair and derive the shared secret. */
export interface KeyExchangeCost {
  group: KeyExchangeGroup;
  keyGenerationUs: number;
  deriveUs: number;
  /** Key generation plus derivation: what each side spends per full handshake. */
  perSideUs: number;
}

export interface CryptoCosts {
  keyTypes: KeyTypeCost[];
  keyExchange: KeyExchangeCost[];
  /** Time budget per operation the measurements ran with, in milliseconds. */
  timePerOperationMs: number;
  node: string;
  openssl: string;
}

export interface CryptoCostOptions {
  keyTypes?: readonly KeyType[];
  /** Time budget per measured operation; tinybench also runs at least `minIterations` calls. */
  timePerOperationMs?: number;
  minIterations?: number;
}

/** Signed data of about the size TLS signs: a fixed context string plus a transcript hash, never bulk data. */
const SIGNED_DATA = Buffer.alloc(64 + 33 + 48, 0x20);

interface SignatureParameters {
  algorithm: string | null;
  handshake: Omit<SignKeyObjectInput, 'key'>;
  certificate: Omit<SignKeyObjectInput, 'key'>;
}

/** Hash and padding per key type, matching what OpenSSL 3.0 negotiates with Node's default signature list. */
function signatureParameters(keyType: KeyType): SignatureParameters {
  if (keyType.startsWith('rsa-')) {
    return {
      algorithm: 'sha256',
      handshake: { padding: cryptoConstants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
      certificate: { padding: cryptoConstants.RSA_PKCS1_PADDING },
    };
  }
  if (keyType === 'ecdsa-p384') return { algorithm: 'sha384', handshake: {}, certificate: {} };
  if (keyType === 'ed25519') return { algorithm: null, handshake: {}, certificate: {} };
  return { algorithm: 'sha256', handshake: {}, certificate: {} };
}

function generateKeys(keyType: KeyType): { privateKey: KeyObject; publicKey: KeyObject } {
  if (keyType.startsWith('rsa-')) return generateKeyPairSync('rsa', { modulusLength: Number(keyType.slice(4)) });
  if (keyType === 'ed25519') return generateKeyPairSync('ed25519');
  return generateKeyPairSync('ec', { namedCurve: keyType === 'ecdsa-p384' ? 'secp384r1' : 'prime256v1' });
}

/** Median of a finished tinybench task, in microseconds. */
function medianUs(bench: Bench, name: string): number {
  const task = bench.getTask(name);
  const result = task?.result;
  if (!result || (result.state !== 'completed' && result.state !== 'aborted-with-statistics')) {
    const reason = result && result.state === 'errored' ? `: ${String(result.error)}` : '';
    throw new Error(`micro-benchmark ${name} did not complete${reason}`);
  }
  return result.latency.p50 * 1000;
}

/**
 * Measures the public-key operations of a TLS handshake on this machine with tinybench: per key type
 * sign and verify, and per group one side's key exchange. Each operation runs for its time budget
 * after a short warm-up. The median of the per-call times is kept because the mean follows the
 * occasional garbage-collection pause.
 */
export async function measureCryptoCosts(options: CryptoCostOptions = {}): Promise<CryptoCosts> {
  const timePerOperationMs = options.timePerOperationMs ?? 150;
  const bench = new Bench({
    time: timePerOperationMs,
    iterations: options.minIterations ?? 16,
    warmupTime: Math.max(1, timePerOperationMs / 5),
    warmupIterations: 4,
    throws: true,
  });
  const keyTypes = options.keyTypes ?? KEY_TYPES;

  for (const keyType of keyTypes) {
    const keys = generateKeys(keyType);
    const parameters = signatureParameters(keyType);
    const handshakeSigner: SignKeyObjectInput = { key: keys.privateKey, ...parameters.handshake };
    const handshakeVerifier: VerifyKeyObjectInput = { key: keys.publicKey, ...parameters.handshake };
    const certificateSigner: SignKeyObjectInput = { key: keys.privateKey, ...parameters.certificate };
    const certificateVerifier: VerifyKeyObjectInput = { key: keys.publicKey, ...parameters.certificate };
    const handshakeSignature = sign(parameters.algorithm, SIGNED_DATA, handshakeSigner);
    const certificateSignature = sign(parameters.algorithm, SIGNED_DATA, certificateSigner);

    bench.add(`${keyType} sign`, () => void sign(parameters.algorithm, SIGNED_DATA, handshakeSigner));
    bench.add(`${keyType} verify`, () => void verify(parameters.algorithm, SIGNED_DATA, handshakeVerifier, handshakeSignature));
    bench.add(`${keyType} certificate verify`, () => void verify(parameters.algorithm, SIGNED_DATA, certificateVerifier, certificateSignature));
  }

  const x25519Peer = generateKeyPairSync('x25519');
  const x25519Own = generateKeyPairSync('x25519');
  bench.add('X25519 key generation', () => void generateKeyPairSync('x25519'));
  bench.add('X25519 derive', () => void diffieHellman({ privateKey: x25519Own.privateKey, publicKey: x25519Peer.publicKey }));
  const p256Peer = createECDH('prime256v1');
  const p256PeerPublic = p256Peer.generateKeys();
  const p256Own = createECDH('prime256v1');
  p256Own.generateKeys();
  bench.add('P-256 key generation', () => void createECDH('prime256v1').generateKeys());
  bench.add('P-256 derive', () => void p256Own.computeSecret(p256PeerPublic));

  await bench.run();

  return {
    keyTypes: keyTypes.map((keyType) => ({
      keyType,
      signUs: medianUs(bench, `${keyType} sign`),
      verifyUs: medianUs(bench, `${keyType} verify`),
      certificateVerifyUs: medianUs(bench, `${keyType} certificate verify`),
    })),
    keyExchange: KEY_EXCHANGE_GROUPS.map((group) => {
      const keyGenerationUs = medianUs(bench, `${group} key generation`);
      const deriveUs = medianUs(bench, `${group} derive`);
      return { group, keyGenerationUs, deriveUs, perSideUs: keyGenerationUs + deriveUs };
    }),
    timePerOperationMs,
    node: process.versions.node,
    openssl: process.versions.openssl,
  };
}
