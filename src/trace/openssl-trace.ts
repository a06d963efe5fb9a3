/**
 * Parser for the text OpenSSL prints when tracing is on (`tlsSocket.enableTrace()`, which calls
 * `SSL_set_msg_callback` with OpenSSL's `SSL_trace`). The trace is written after decryption, so it
 * shows the TLS 1.3 handshake messages that travel inside encrypted records.
 *
 * The format is OpenSSL's own and not a stable interface. This parser reads the lines that OpenSSL
 * 3.0 (Node 20) prints and skips every line it does not recognize:
 *
 * ```
 * Sent Record
 * Header:
 *   Version = TLS 1.2 (0x303)
 *   Content Type = ApplicationData (23)
 *   Length = 281
 *   Inner Content Type = Handshake (22)
 *     CertificateVerify, Length=260
 *       Signature Algorithm: rsa_pss_rsae_sha256 (0x0804)
 * ```
 */

/** Direction of a record as seen from the traced socket. */
export type TraceDirection = 'sent' | 'received';

export interface TraceAlert {
  level: string;
  description: string;
}

export interface TraceHandshakeMessage {
  /** Message name as OpenSSL prints it, e.g. `ClientHello`, `CertificateRequest`. */
  type: string;
  /** Length of the message body, without the 4-byte handshake header. */
  bodyLength: number;
  /** Signature scheme of a CertificateVerify or ServerKeyExchange, e.g. `rsa_pss_rsae_sha256`. */
  signatureAlgorithm: string | null;
  /** Key exchange group named in a ServerHello key_share or a ServerKeyExchange, e.g. `ecdh_x25519`. */
  group: string | null;
}

export interface TraceRecord {
  direction: TraceDirection;
  /** Outer record type, e.g. `Handshake`, `ChangeCipherSpec`, `ApplicationData`, `Alert`. */
  contentType: string;
  /** Type inside a TLS 1.3 encrypted record; null for a record that is not encrypted that way. */
  innerContentType: string | null;
  /** Record payload length on the wire (ciphertext for encrypted records), without the 5-byte header. */
  length: number;
  messages: TraceHandshakeMessage[];
  alert: TraceAlert | null;
}

/** Bytes of the TLS record header (type, version, length) that `Length =` leaves out. */
export const RECORD_HEADER_BYTES = 5;
/** Bytes of the handshake message header (type, 24-bit length) that `, Length=` leaves out. */
export const HANDSHAKE_HEADER_BYTES = 4;

const RECORD_START = /^(Sent|Received) (?:TLS )?Record\s*$/;
const CONTENT_TYPE = /^ {2}Content Type = (\w+) \(\d+\)/;
const RECORD_LENGTH = /^ {2}Length = (\d+)/;
const INNER_CONTENT_TYPE = /^ {2}Inner Content Type = (\w+) \(\d+\)/;
const HANDSHAKE_MESSAGE = /^ {4}(\w+), Length=(\d+)\s*$/;
const ALERT = /^ {4}Level=(\w+)\(\d+\), description=(.+?)\(\d+\)\s*$/;
// Only the handshake's own signature line sits 6 spaces deep; certificate dumps indent theirs further.
const SIGNATURE_ALGORITHM = /^ {6}Signature Algorithm: (\w+) \(0x[0-9a-fA-F]+\)/;
const GROUP = /^\s+(?:NamedGroup|named_curve): (\w+) \(\d+\)/;

/** Parses a whole trace into records, in the order the traced socket wrote or read them. */
export function parseOpensslTrace(text: string): TraceRecord[] {
  const records: TraceRecord[] = [];
  let record: TraceRecord | null = null;
  let message: TraceHandshakeMessage | null = null;

  for (const line of text.split(/\r?\n/)) {
    const start = RECORD_START.exec(line);
    if (start) {
      record = { direction: start[1] === 'Sent' ? 'sent' : 'received', contentType: 'unknown', innerContentType: null, length: 0, messages: [], alert: null };
      records.push(record);
      message = null;
      continue;
    }
    if (!record) continue;

    const contentType = CONTENT_TYPE.exec(line);
    if (contentType) {
      record.contentType = contentType[1] as string;
      continue;
    }
    const length = RECORD_LENGTH.exec(line);
    if (length) {
      record.length = Number(length[1]);
      continue;
    }
    const inner = INNER_CONTENT_TYPE.exec(line);
    if (inner) {
      record.innerContentType = inner[1] as string;
      continue;
    }

    const effectiveType = record.innerContentType ?? record.contentType;
    if (effectiveType === 'Handshake') {
      const handshake = HANDSHAKE_MESSAGE.exec(line);
      if (handshake) {
        message = { type: handshake[1] as string, bodyLength: Number(handshake[2]), signatureAlgorithm: null, group: null };
        record.messages.push(message);
        continue;
      }
      if (message) {
        const signature = SIGNATURE_ALGORITHM.exec(line);
        if (signature && message.signatureAlgorithm === null) message.signatureAlgorithm = signature[1] as string;
        const group = GROUP.exec(line);
        // The ClientHello's key_share lists every offered group; only the server's choice is negotiated.
        if (group && message.type !== 'ClientHello' && message.group === null) message.group = group[1] as string;
      }
      continue;
    }
    if (effectiveType === 'Alert') {
      const alert = ALERT.exec(line);
      if (alert) record.alert = { level: alert[1] as string, description: (alert[2] as string).trim() };
    }
  }
  return records;
}
