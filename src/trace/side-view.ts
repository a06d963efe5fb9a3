import type { X509Certificate } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import { keyTypeOf } from '../pki/keys.js';

/** The fields of a certificate that the probe shows; never the key itself. */
export interface CertificateSummary {
  subject: string;
  issuer: string;
  /** Serial number, lowercase hex. */
  serial: string;
  validFrom: string;
  validTo: string;
  /** Key type in the project's words (`ecdsa-p256`), or OpenSSL's description for other keys. */
  keyType: string;
  /** RSA modulus length or curve size; null when Node does not report it. */
  keySizeBits: number | null;
}

/** Observation of one side of a connection, as plain data that crosses process boundaries. */
export interface SideObservation {
  side: 'server' | 'client';
  protocol: string | null;
  /** OpenSSL name, e.g. `ECDHE-RSA-AES128-GCM-SHA256`. */
  cipherName: string | null;
  /** IANA name, e.g. `TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256`. */
  cipherStandardName: string | null;
  /** Ephemeral key of the key exchange; Node reports it only on the client side. */
  ephemeralKey: { type: string; name: string | null; sizeBits: number } | null;
  /** Whether this side verified the peer's certificate against its trusted CAs. */
  peerAuthenticated: boolean;
  /** OpenSSL verification result code when the peer certificate failed, e.g. `CERT_HAS_EXPIRED`. */
  authorizationError: string | null;
  sessionReused: boolean;
  localCertificate: CertificateSummary | null;
  peerCertificate: CertificateSummary | null;
}

const CURVE_BITS: Record<string, number> = { prime256v1: 256, secp384r1: 384, secp521r1: 521, ed25519: 256, ed448: 456 };

/** Summarizes a certificate; Node prints X.509 names one attribute per line, joined here with commas. */
export function summarizeCertificate(certificate: X509Certificate | undefined): CertificateSummary | null {
  if (!certificate) return null;
  const details = certificate.publicKey.asymmetricKeyDetails ?? {};
  const asymmetricKeyType = certificate.publicKey.asymmetricKeyType;
  return {
    subject: certificate.subject.split('\n').join(', '),
    issuer: certificate.issuer.split('\n').join(', '),
    serial: certificate.serialNumber.toLowerCase(),
    validFrom: new Date(certificate.validFrom).toISOString(),
    validTo: new Date(certificate.validTo).toISOString(),
    keyType: keyTypeOf({ asymmetricKeyType, ...details }) ?? `${asymmetricKeyType ?? 'unknown'} ${details.modulusLength ?? details.namedCurve ?? ''}`.trim(),
    keySizeBits: details.modulusLength ?? CURVE_BITS[details.namedCurve ?? asymmetricKeyType ?? ''] ?? null,
  };
}

/** Reads what a TLS socket negotiated, after its handshake. */
export function observeSocket(socket: TLSSocket, side: 'server' | 'client'): SideObservation {
  const cipher = socket.getCipher() as { name?: string; standardName?: string } | null;
  // getEphemeralKeyInfo() returns {} on a server socket and null when no ephemeral key was used (RSA key transport).
  const ephemeral = socket.getEphemeralKeyInfo() as { type?: string; name?: string; size?: number } | null;
  return {
    side,
    protocol: socket.getProtocol(),
    cipherName: cipher?.name ?? null,
    cipherStandardName: cipher?.standardName ?? null,
    ephemeralKey: ephemeral && ephemeral.type ? { type: ephemeral.type, name: ephemeral.name ?? null, sizeBits: ephemeral.size ?? 0 } : null,
    peerAuthenticated: socket.authorized,
    authorizationError: socket.authorizationError ? String(socket.authorizationError) : null,
    sessionReused: socket.isSessionReused(),
    localCertificate: summarizeCertificate(socket.getX509Certificate()),
    peerCertificate: summarizeCertificate(socket.getPeerX509Certificate()),
  };
}
