import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PkiStore } from '../src/pki/store.js';
import { ECDHE_RSA_SUITE, RSA_KEY_TRANSPORT_SUITE, takeCensus, type CensusSettings } from '../src/trace/census-run.js';
import { buildCensus, handshakeSequence } from '../src/trace/census.js';
import { parseOpensslTrace } from '../src/trace/openssl-trace.js';
import { TEST_PKI_DIR } from './helpers/cli.js';

const store = new PkiStore(TEST_PKI_DIR);

function settings(overrides: Partial<CensusSettings>): CensusSettings {
  return { mode: 'one-way', protocol: 'TLSv1.2', serverKey: 'rsa-2048', clientKey: 'rsa-2048', ciphers: RSA_KEY_TRANSPORT_SUITE, tickets: false, resumption: 'none', ...overrides };
}

/** Multiset difference: entries of `actual` left after removing one match for each entry of `base`. */
function extraEntries(actual: readonly string[], base: readonly string[]): string[] {
  const remaining = [...base];
  return actual.filter((entry) => {
    const position = remaining.indexOf(entry);
    if (position < 0) return true;
    remaining.splice(position, 1);
    return false;
  });
}

const SAMPLE_TRACE = `Sent Record
Header:
  Version = TLS 1.0 (0x301)
  Content Type = Handshake (22)
  Length = 125
    ClientHello, Length=121
      client_version=0x303 (TLS 1.2)
Received Record
Header:
  Version = TLS 1.2 (0x303)
  Content Type = ChangeCipherSpec (20)
  Length = 1
Received Record
Header:
  Version = TLS 1.2 (0x303)
  Content Type = ApplicationData (23)
  Length = 281
  Inner Content Type = Handshake (22)
    CertificateVerify, Length=260
      Signature Algorithm: rsa_pss_rsae_sha256 (0x0804)
Received Record
Header:
  Version = TLS 1.2 (0x303)
  Content Type = Alert (21)
  Length = 2
    Level=warning(1), description=close notify(0)
`;

describe('parseOpensslTrace', () => {
  it('reads records, inner types and signatures', () => {
    const records = parseOpensslTrace(SAMPLE_TRACE);
    assert.equal(records.length, 4);
    assert.deepEqual(records.map((record) => record.direction), ['sent', 'received', 'received', 'received']);
    assert.equal(records[0]?.messages[0]?.type, 'ClientHello');
    assert.equal(records[0]?.messages[0]?.bodyLength, 121);
    assert.equal(records[2]?.innerContentType, 'Handshake');
    assert.equal(records[2]?.messages[0]?.signatureAlgorithm, 'rsa_pss_rsae_sha256');
    assert.deepEqual(records[3]?.alert, { level: 'warning', description: 'close notify' });
  });

  it('census counts record headers in bytes', () => {
    const census = buildCensus(parseOpensslTrace(SAMPLE_TRACE));
    assert.deepEqual(census.tracedBytes, { clientToServer: 130, serverToClient: 6 + 286 + 7 });
    assert.equal(census.changeCipherSpecs, 1);
    assert.equal(census.entries[2]?.encrypted, true);
  });
});

describe('handshake census on real connections', () => {
  it('TLS 1.2 RSA key transport one-way is 9', async () => {
    const traced = await takeCensus(settings({ mode: 'one-way' }), store);
    assert.deepEqual(handshakeSequence(traced.census), [
      'C:ClientHello',
      'S:ServerHello',
      'S:Certificate',
      'S:ServerHelloDone',
      'C:ClientKeyExchange',
      'C:ChangeCipherSpec',
      'C:Finished',
      'S:ChangeCipherSpec',
      'S:Finished',
    ]);
    assert.equal(traced.census.handshakeMessages, 7);
    assert.equal(traced.census.changeCipherSpecs, 2);
    assert.equal(traced.census.textbookCount, 9);
    assert.equal(traced.census.roundTrips, 2);
    assert.equal(traced.bytesCheck.matches, true);
  });

  it('TLS 1.2 RSA key transport mutual is 12', async () => {
    const traced = await takeCensus(settings({ mode: 'mutual' }), store);
    assert.deepEqual(handshakeSequence(traced.census), [
      'C:ClientHello',
      'S:ServerHello',
      'S:Certificate',
      'S:CertificateRequest',
      'S:ServerHelloDone',
      'C:Certificate',
      'C:ClientKeyExchange',
      'C:CertificateVerify',
      'C:ChangeCipherSpec',
      'C:Finished',
      'S:ChangeCipherSpec',
      'S:Finished',
    ]);
    assert.equal(traced.census.handshakeMessages, 10);
    assert.equal(traced.census.textbookCount, 12);
    assert.equal(traced.census.roundTrips, 2);
    assert.equal(traced.bytesCheck.matches, true);
  });

  it('TLS 1.2 ECDHE adds ServerKeyExchange', async () => {
    const rsa = await takeCensus(settings({ mode: 'one-way' }), store);
    const ecdhe = await takeCensus(settings({ mode: 'one-way', ciphers: ECDHE_RSA_SUITE }), store);
    assert.deepEqual(extraEntries(handshakeSequence(ecdhe.census), handshakeSequence(rsa.census)), ['S:ServerKeyExchange']);
    assert.equal(ecdhe.census.textbookCount, 10);
    const mutual = await takeCensus(settings({ mode: 'mutual', ciphers: ECDHE_RSA_SUITE }), store);
    assert.equal(mutual.census.textbookCount, 13);
    assert.equal(mutual.group, 'ecdh_x25519');
  });

  it('TLS 1.2 ticket adds NewSessionTicket', async () => {
    const traced = await takeCensus(settings({ mode: 'one-way', tickets: true }), store);
    const sequence = handshakeSequence(traced.census);
    assert.equal(traced.census.textbookCount, 10);
    assert.equal(sequence.indexOf('S:NewSessionTicket'), sequence.indexOf('S:ChangeCipherSpec') - 1);
  });

  it('TLS 1.3 mutual adds exactly three messages', async () => {
    const tls13 = { protocol: 'TLSv1.3' as const, ciphers: null, tickets: true };
    const oneWay = await takeCensus(settings({ ...tls13, mode: 'one-way' }), store);
    const mutual = await takeCensus(settings({ ...tls13, mode: 'mutual' }), store);
    const added = extraEntries(handshakeSequence(mutual.census), handshakeSequence(oneWay.census));
    assert.deepEqual(added, ['S:CertificateRequest', 'C:Certificate', 'C:CertificateVerify']);
    assert.deepEqual(extraEntries(handshakeSequence(oneWay.census), handshakeSequence(mutual.census)), []);
    assert.equal(oneWay.census.roundTrips, 1);
    assert.equal(mutual.census.roundTrips, 1);
    assert.ok(mutual.census.postHandshakeMessages >= 1, 'TLS 1.3 tickets arrive after the handshake');
    assert.equal(mutual.bytesCheck.matches, true);
  });

  it('TLS 1.3 resumed mutual sends no certificates', async () => {
    const traced = await takeCensus(settings({ protocol: 'TLSv1.3', ciphers: null, tickets: true, resumption: 'ticket', mode: 'mutual' }), store);
    assert.equal(traced.sessionOffered, true);
    assert.equal(traced.client.observation?.sessionReused, true);
    const sequence = handshakeSequence(traced.census);
    assert.ok(!sequence.some((entry) => entry.endsWith(':Certificate') || entry.endsWith(':CertificateVerify')), sequence.join(' '));
    assert.equal(traced.bytesCheck.matches, true);
  });
});
