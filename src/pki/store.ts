import { X509Certificate } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { KeyType } from '../scenario/vocabulary.js';
import { createCertificateAuthority, createCrl, issueLeaf, randomSerials, type Credential, type LeafRole } from './certificates.js';

/** Files of one credential on disk. The key file has mode 0600 and its content is never printed. */
export interface CredentialFiles {
  keyType: KeyType;
  certPath: string;
  keyPath: string;
  serial: string;
  notAfter: string;
}

/** Credential files the server and the clients of one cell load. */
export interface CellPki {
  server: CredentialFiles;
  /** CA that issued the server certificate; clients trust it. */
  serverCa: CredentialFiles;
  client: CredentialFiles;
  /** CA that issued the client certificate; a mutual server trusts it. */
  clientCa: CredentialFiles;
}

export interface CellPkiRequest {
  serverKey: KeyType;
  clientKey: KeyType;
  /** Key type of the issuing CA for both leaves; null gives each leaf a CA of its own key type. */
  caKey: KeyType | null;
}

/** Credentials are regenerated when fewer than this many days of validity remain. */
const RENEW_BEFORE_DAYS = 7;

export function defaultPkiDir(): string {
  if (process.env.MTLS_BENCH_PKI_DIR) return process.env.MTLS_BENCH_PKI_DIR;
  const cacheHome = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cacheHome, 'mtls-bench', 'pki');
}

/**
 * On-disk cache of generated certificates: per CA key type, a server CA and a client CA, each in
 * its own folder with the leaves (`server-<key type>`, `client-<key type>`) and CRLs it issued.
 * Generation is slow for RSA 4096 (seconds), so a run generates each credential once and later runs
 * reuse it.
 */
export class PkiStore {
  readonly dir: string;

  constructor(dir: string = defaultPkiDir()) {
    this.dir = dir;
  }

  async forCell(request: CellPkiRequest): Promise<CellPki> {
    const serverCaKey = request.caKey ?? request.serverKey;
    const clientCaKey = request.caKey ?? request.clientKey;
    return {
      serverCa: await this.authority(serverCaKey, 'server'),
      server: await this.leaf(serverCaKey, 'server', request.serverKey),
      clientCa: await this.authority(clientCaKey, 'client'),
      client: await this.leaf(clientCaKey, 'client', request.clientKey),
    };
  }

  /**
   * Returns the CA that issues `role` leaves. Server and client certificates come from separate CAs,
   * as in many deployments, which keeps the wire bytes comparable. OpenSSL completes a peer's chain
   * from the certificates it trusts. With one shared CA, a mutual server (which trusts the client CA)
   * would send the root along with its leaf, while a one-way server would not.
   */
  async authority(keyType: KeyType, role: LeafRole): Promise<CredentialFiles> {
    const folder = join(this.dir, keyType, `${role}-ca`);
    const base = join(folder, 'ca');
    const existing = await this.#load(keyType, base);
    if (existing) return existing;
    // A new CA invalidates every leaf and CRL it signed before, so its folder starts empty.
    await rm(folder, { recursive: true, force: true });
    return this.#save(base, await createCertificateAuthority(keyType, `mtls-bench ${keyType} ${role} CA`));
  }

  async leaf(caKeyType: KeyType, role: LeafRole, keyType: KeyType): Promise<CredentialFiles> {
    const ca = await this.authority(caKeyType, role);
    const base = join(this.dir, caKeyType, `${role}-ca`, `${role}-${keyType}`);
    const existing = await this.#load(keyType, base);
    if (existing) return existing;
    return this.#save(base, await issueLeaf(await readCredential(ca), { role, keyType }));
  }

  /**
   * Returns the path of a cached CRL of the `caKeyType` CA that revokes `revokedCount` random serials.
   * None of them is a cached leaf's, so the cell's client stays valid while the server searches a list of realistic size.
   */
  async crl(caKeyType: KeyType, revokedCount: number): Promise<string> {
    const ca = await this.authority(caKeyType, 'client');
    const path = join(this.dir, caKeyType, 'client-ca', `crl-${revokedCount}.pem`);
    try {
      await readFile(path);
      // A CRL from an earlier CA would fail verification; the CA's serial is recorded beside it.
      if ((await readFile(`${path}.ca`, 'utf8')) === ca.serial) return path;
    } catch {
      // Not cached yet.
    }
    await writeFile(`${path}.tmp`, await createCrl(await readCredential(ca), randomSerials(revokedCount)));
    await rename(`${path}.tmp`, path);
    await writeFile(`${path}.ca`, ca.serial);
    return path;
  }

  /** Removes every cached credential; the next run generates new ones. */
  async clear(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }

  async #load(keyType: KeyType, base: string): Promise<CredentialFiles | null> {
    let certPem: string;
    try {
      certPem = await readFile(`${base}.crt`, 'utf8');
      await readFile(`${base}.key`);
    } catch {
      return null;
    }
    const cert = new X509Certificate(certPem);
    const remainingMs = Date.parse(cert.validTo) - Date.now();
    if (remainingMs < RENEW_BEFORE_DAYS * 24 * 3600 * 1000) return null;
    return { keyType, certPath: `${base}.crt`, keyPath: `${base}.key`, serial: cert.serialNumber.toLowerCase(), notAfter: new Date(cert.validTo).toISOString() };
  }

  async #save(base: string, credential: Credential): Promise<CredentialFiles> {
    const folder = join(base, '..');
    await mkdir(folder, { recursive: true, mode: 0o700 });
    // Write to a temporary name and rename, so a crash never leaves a half-written key behind.
    await writeFile(`${base}.key.tmp`, credential.keyPem, { mode: 0o600 });
    await chmod(`${base}.key.tmp`, 0o600);
    await rename(`${base}.key.tmp`, `${base}.key`);
    await writeFile(`${base}.crt.tmp`, credential.certPem, { mode: 0o644 });
    await rename(`${base}.crt.tmp`, `${base}.crt`);
    const cert = new X509Certificate(credential.certPem);
    return { keyType: credential.keyType, certPath: `${base}.crt`, keyPath: `${base}.key`, serial: credential.serial, notAfter: new Date(cert.validTo).toISOString() };
  }
}

/** Reads a credential's PEM files back, for signing with a cached CA. */
export async function readCredential(files: CredentialFiles): Promise<Credential> {
  return {
    keyType: files.keyType,
    certPem: await readFile(files.certPath, 'utf8'),
    keyPem: await readFile(files.keyPath, 'utf8'),
    serial: files.serial,
  };
}
