/** Meaning of a negotiated cipher suite for the record layer and the key schedule. */
export interface CipherSuiteDescription {
  /** IANA name, e.g. `TLS_AES_256_GCM_SHA384`. */
  standardName: string;
  /** TLS 1.2 key exchange named by the suite (`RSA`, `ECDHE_RSA`...); null for TLS 1.3 suites, which leave it to the key_share. */
  keyExchange: string | null;
  /** Bulk cipher, e.g. `AES-256-GCM`, `CHACHA20-POLY1305`, `AES-128-CBC`. */
  bulkCipher: string;
  bulkKeySizeBits: number;
  /** True for AEAD ciphers, where the cipher itself protects integrity and no separate MAC runs. */
  aead: boolean;
  /** Record integrity: the AEAD tag, or the HMAC of a CBC suite. */
  mac: string;
  macSizeBits: number;
  /** Hash of the PRF (TLS 1.2) or HKDF (TLS 1.3) and of the handshake transcript. */
  hash: string;
  hashSizeBits: number;
}

const HASHES: Record<string, { name: string; bits: number }> = {
  SHA: { name: 'SHA-1', bits: 160 },
  SHA256: { name: 'SHA-256', bits: 256 },
  SHA384: { name: 'SHA-384', bits: 384 },
};

/**
 * Describes a suite from its IANA name: `TLS_<bulk>_<hash>` in TLS 1.3 and
 * `TLS_<key exchange>_WITH_<bulk>_<hash>` before. Returns null for names of another shape.
 */
export function describeCipherSuite(standardName: string): CipherSuiteDescription | null {
  const match = /^TLS_(?:(\w+?)_WITH_)?(AES_(128|256)_(GCM|CBC|CCM|CCM_8)|CHACHA20_POLY1305|NULL)_(SHA|SHA256|SHA384)$/.exec(standardName);
  if (!match) return null;
  const [, keyExchange, bulk, aesBits, aesMode, hashName] = match;
  const suiteHash = HASHES[hashName as string] as { name: string; bits: number };
  // TLS 1.2 suites ending in _SHA use SHA-256 for the PRF (RFC 5246 section 5); SHA-1 is only their HMAC.
  const prfHash = hashName === 'SHA' ? (HASHES.SHA256 as { name: string; bits: number }) : suiteHash;

  let bulkCipher: string;
  let bulkKeySizeBits: number;
  let aead: boolean;
  let mac: string;
  let macSizeBits: number;
  if (bulk === 'CHACHA20_POLY1305') {
    [bulkCipher, bulkKeySizeBits, aead, mac, macSizeBits] = ['CHACHA20-POLY1305', 256, true, 'Poly1305 tag (AEAD)', 128];
  } else if (bulk === 'NULL') {
    [bulkCipher, bulkKeySizeBits, aead, mac, macSizeBits] = ['none', 0, false, `HMAC-${suiteHash.name}`, suiteHash.bits];
  } else if (aesMode === 'CBC') {
    [bulkCipher, bulkKeySizeBits, aead, mac, macSizeBits] = [`AES-${aesBits}-CBC`, Number(aesBits), false, `HMAC-${suiteHash.name}`, suiteHash.bits];
  } else {
    const tagBits = aesMode === 'CCM_8' ? 64 : 128;
    [bulkCipher, bulkKeySizeBits, aead, mac, macSizeBits] = [`AES-${aesBits}-${(aesMode as string).replace('_', '-')}`, Number(aesBits), true, `${aesMode === 'GCM' ? 'GCM' : 'CCM'} tag (AEAD)`, tagBits];
  }
  return { standardName, keyExchange: keyExchange ?? null, bulkCipher, bulkKeySizeBits, aead, mac, macSizeBits, hash: prfHash.name, hashSizeBits: prfHash.bits };
}

/** Readable names and strengths of the key exchange groups OpenSSL's trace prints. */
const GROUPS: Record<string, { name: string; bits: number }> = {
  ecdh_x25519: { name: 'X25519', bits: 253 },
  ecdh_x448: { name: 'X448', bits: 448 },
  secp256r1: { name: 'P-256', bits: 256 },
  secp384r1: { name: 'P-384', bits: 384 },
  secp521r1: { name: 'P-521', bits: 521 },
  ffdhe2048: { name: 'ffdhe2048', bits: 2048 },
  ffdhe3072: { name: 'ffdhe3072', bits: 3072 },
};

/** Maps a trace group name (`ecdh_x25519`) to a readable name and its size in bits (X25519: 253, as Node reports). */
export function describeGroup(traceName: string): { name: string; sizeBits: number | null } {
  const known = GROUPS[traceName];
  return known ? { name: known.name, sizeBits: known.bits } : { name: traceName, sizeBits: null };
}
