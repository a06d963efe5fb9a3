import { EXTENDED_KEY_USAGE, createCertificateAuthority, createCrl, issueLeaf, type Credential } from '../pki/certificates.js';
import { PkiStore, readCredential } from '../pki/store.js';
import type { KeyType } from '../scenario/vocabulary.js';

/** The client certificates of the security matrix. `none` presents no certificate at all. */
export const CLIENT_CREDENTIAL_CASES = ['valid', 'none', 'untrusted-ca', 'expired', 'no-client-auth-eku', 'revoked'] as const;
export type ClientCredentialCase = (typeof CLIENT_CREDENTIAL_CASES)[number];

export const CLIENT_CREDENTIAL_DESCRIPTIONS: Record<ClientCredentialCase, string> = {
  valid: 'valid certificate from the trusted client CA',
  none: 'no certificate',
  'untrusted-ca': 'certificate from a CA the server does not trust',
  expired: 'expired certificate from the trusted client CA',
  'no-client-auth-eku': 'certificate whose extended key usage is serverAuth only',
  revoked: 'certificate listed in the client CA\'s CRL',
};

export interface MatrixCredentials {
  /** PEM of the CA that issued the server certificate; clients trust it. */
  serverCa: string;
  serverCert: string;
  serverKey: string;
  /** PEM of the CA the mutual server trusts for client certificates. */
  clientCa: string;
  /** CRL of the client CA that revokes the `revoked` certificate. */
  crl: string;
  clients: Record<Exclude<ClientCredentialCase, 'none'>, Credential>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Builds the credentials of the security matrix. The server and the valid client come from the
 * on-disk cache. The special client certificates are made in memory for this run only, so their
 * private keys never touch the disk.
 */
export async function createMatrixCredentials(store: PkiStore, keyType: KeyType): Promise<MatrixCredentials> {
  const pki = await store.forCell({ serverKey: keyType, clientKey: keyType, caKey: null });
  const server = await readCredential(pki.server);
  const clientCa = await readCredential(pki.clientCa);
  const valid = await readCredential(pki.client);
  const serverCa = await readCredential(pki.serverCa);

  const untrustedCa = await createCertificateAuthority(keyType, `mtls-bench untrusted ${keyType} CA`);
  const now = Date.now();
  const [untrusted, expired, noClientAuth, revoked] = await Promise.all([
    issueLeaf(untrustedCa, { role: 'client', keyType, commonName: 'mtls-bench client from an untrusted CA' }),
    issueLeaf(clientCa, { role: 'client', keyType, commonName: 'mtls-bench expired client', notBefore: new Date(now - 30 * DAY_MS), notAfter: new Date(now - DAY_MS) }),
    issueLeaf(clientCa, { role: 'client', keyType, commonName: 'mtls-bench client without clientAuth', extendedKeyUsages: [EXTENDED_KEY_USAGE.serverAuth] }),
    issueLeaf(clientCa, { role: 'client', keyType, commonName: 'mtls-bench revoked client' }),
  ]);
  return {
    serverCa: serverCa.certPem,
    serverCert: server.certPem,
    serverKey: server.keyPem,
    clientCa: clientCa.certPem,
    crl: await createCrl(clientCa, [revoked.serial]),
    clients: { valid, 'untrusted-ca': untrusted, expired, 'no-client-auth-eku': noClientAuth, revoked },
  };
}
