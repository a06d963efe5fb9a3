/** Minimal DER reading and writing: enough to splice a list into a CRL and re-sign it. */

export interface Tlv {
  tag: number;
  /** Offset of the tag byte in the source buffer. */
  start: number;
  /** Offset of the first value byte. */
  valueStart: number;
  /** Offset just past the value. */
  end: number;
}

/** Reads one tag-length-value at `offset` (single-byte tags only, which is all X.509 uses here). */
export function readTlv(buffer: Buffer, offset: number): Tlv {
  const tag = buffer[offset]!;
  let length = buffer[offset + 1]!;
  let valueStart = offset + 2;
  if (length & 0x80) {
    const octets = length & 0x7f;
    length = 0;
    for (let i = 0; i < octets; i++) length = length * 256 + buffer[offset + 2 + i]!;
    valueStart += octets;
  }
  return { tag, start: offset, valueStart, end: valueStart + length };
}

/** Lists the children of a constructed value. */
export function children(buffer: Buffer, parent: Tlv): Tlv[] {
  const items: Tlv[] = [];
  for (let offset = parent.valueStart; offset < parent.end; ) {
    const item = readTlv(buffer, offset);
    items.push(item);
    offset = item.end;
  }
  return items;
}

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const octets: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) octets.unshift(rest % 256);
  return Buffer.from([0x80 | octets.length, ...octets]);
}

export function encodeTlv(tag: number, value: Buffer | readonly Buffer[]): Buffer {
  const body = Buffer.isBuffer(value) ? value : Buffer.concat(value as Buffer[]);
  return Buffer.concat([Buffer.from([tag]), encodeLength(body.length), body]);
}

export const TAG = { integer: 0x02, bitString: 0x03, sequence: 0x30, utcTime: 0x17 } as const;

/** Encodes a positive INTEGER from lowercase hex, with a leading zero octet when the high bit is set. */
export function encodeSerial(hex: string): Buffer {
  let bytes = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
  if (bytes[0]! & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return encodeTlv(TAG.integer, bytes);
}

/** UTCTime (YYMMDDHHMMSSZ), valid for the years 1950 to 2049 as RFC 5280 requires. */
export function encodeUtcTime(date: Date): Buffer {
  const text = date.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';
  return encodeTlv(TAG.utcTime, Buffer.from(text, 'ascii'));
}
