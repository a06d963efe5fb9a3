import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';

/** Protocol versions that OpenSSL 3.0 in Node can no longer offer (SSLv3) or offers only at security level 0. */
export const LEGACY_VERSIONS = { SSLv3: 0x0300, 'TLSv1.0': 0x0301, 'TLSv1.1': 0x0302 } as const;
export type LegacyVersion = keyof typeof LEGACY_VERSIONS;

/** TLS alert descriptions (RFC 8446 section 6, RFC 5246 section 7.2) that the checks here can meet. */
const ALERT_NAMES: Record<number, string> = {
  0: 'close_notify',
  10: 'unexpected_message',
  40: 'handshake_failure',
  42: 'bad_certificate',
  43: 'unsupported_certificate',
  44: 'certificate_revoked',
  45: 'certificate_expired',
  46: 'certificate_unknown',
  47: 'illegal_parameter',
  48: 'unknown_ca',
  50: 'decode_error',
  51: 'decrypt_error',
  70: 'protocol_version',
  71: 'insufficient_security',
  80: 'internal_error',
  86: 'inappropriate_fallback',
  109: 'missing_extension',
  116: 'certificate_required',
};

export function alertName(description: number): string {
  return ALERT_NAMES[description] ?? `alert ${description}`;
}

/** Server response to a hand-built ClientHello. */
export interface LegacyHelloResponse {
  /** Type of the first record received: `alert`, `handshake` (a ServerHello), `closed` when nothing arrived, `other` for anything else. */
  kind: 'alert' | 'handshake' | 'closed' | 'other';
  /** Alert name, e.g. `protocol_version`, when `kind` is `alert`. */
  alert: string | null;
  /** Version field of the server's first record, e.g. `0x0303`. */
  recordVersion: string | null;
}

/**
 * Builds a ClientHello that offers only `version`, with RSA and ECDHE CBC suites that SSLv3 to TLS 1.1
 * clients offered. No extensions, so that an SSLv3 hello is well formed (SSLv3 predates them).
 */
export function buildLegacyClientHello(version: number): Buffer {
  const suites = [0x002f, 0x0035, 0xc013, 0xc014, 0x000a];
  const body = Buffer.concat([
    Buffer.from([version >> 8, version & 0xff]),
    randomBytes(32),
    Buffer.from([0]), // empty session ID
    Buffer.from([0, suites.length * 2]),
    Buffer.from(suites.flatMap((suite) => [suite >> 8, suite & 0xff])),
    Buffer.from([1, 0]), // one compression method: null
  ]);
  const handshake = Buffer.concat([Buffer.from([1, 0, body.length >> 8, body.length & 0xff]), body]);
  const header = Buffer.from([22, version >> 8, version & 0xff, handshake.length >> 8, handshake.length & 0xff]);
  return Buffer.concat([header, handshake]);
}

/**
 * Sends a hand-built legacy ClientHello over a plain TCP socket to a loopback server and reads the
 * first record of the response. Node 20's own client cannot offer SSLv3, because `minVersion`
 * accepts `TLSv1` at the lowest.
 */
export function sendLegacyHello(host: string, port: number, version: LegacyVersion, timeoutMs = 5000): Promise<LegacyHelloResponse> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let received = Buffer.alloc(0);
    let settled = false;
    const finish = (response: LegacyHelloResponse): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(response);
    };
    const timer = setTimeout(() => finish({ kind: 'closed', alert: null, recordVersion: null }), timeoutMs);

    socket.on('connect', () => socket.write(buildLegacyClientHello(LEGACY_VERSIONS[version])));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < 5) return;
      const recordVersion = `0x${received.readUInt16BE(1).toString(16).padStart(4, '0')}`;
      const type = received[0];
      if (type === 21 && received.length >= 7) finish({ kind: 'alert', alert: alertName(received[6] as number), recordVersion });
      else if (type === 22) finish({ kind: 'handshake', alert: null, recordVersion });
      else if (type !== 21) finish({ kind: 'other', alert: null, recordVersion });
    });
    socket.on('error', () => finish({ kind: 'closed', alert: null, recordVersion: null }));
    socket.on('close', () => finish({ kind: 'closed', alert: null, recordVersion: null }));
  });
}
