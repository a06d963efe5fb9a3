/**
 * Common descriptions of one-way and mutual TLS that the tool checks against real connections,
 * stated in the tool's own words. Each id is stable so that reports and scripts can refer to it.
 */
export const CLAIM_IDS = ['C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C7'] as const;
export type ClaimId = (typeof CLAIM_IDS)[number];

export const CLAIM_STATEMENTS: Record<ClaimId, string> = {
  C1:
    'A common textbook count says a one-way TLS 1.2 handshake takes 9 messages: ClientHello, ServerHello, the server Certificate, ' +
    'ServerHelloDone, ClientKeyExchange, then ChangeCipherSpec and Finished from the client and from the server.',
  C2:
    'The same count says mutual TLS takes 12: the server adds a CertificateRequest, and the client adds its Certificate and a ' +
    'CertificateVerify that proves it holds the private key.',
  C3: 'A common description says mutual TLS encrypts with 256-bit AES, whereas one-way TLS encrypts the data with RSA.',
  C4:
    'Mutual TLS is described as more secure because the server authenticates the client: a client without a valid certificate ' +
    'is turned away, and legacy protocols with known attacks are not on offer.',
  C5: 'Mutual TLS is said to cost more than one-way TLS, usually without numbers.',
  C6:
    'One connection can be described from each side: protocol, cipher and its strength, hash, key exchange, whether the peer ' +
    'was authenticated, whether revocation was checked, and both certificates.',
  C7:
    'TLS in general is said to have costs beyond CPU: certificates must be bought and renewed, proxies cannot cache encrypted ' +
    'content, and a badly set-up site may mix HTTP and HTTPS content.',
};

/** The textbook's message order for a one-way TLS 1.2 handshake, as `C:`/`S:` (sender) and message name. */
export const TEXTBOOK_ONE_WAY_SEQUENCE = [
  'C:ClientHello',
  'S:ServerHello',
  'S:Certificate',
  'S:ServerHelloDone',
  'C:ClientKeyExchange',
  'C:ChangeCipherSpec',
  'C:Finished',
  'S:ChangeCipherSpec',
  'S:Finished',
] as const;

/** The textbook's message order for a mutual TLS 1.2 handshake. */
export const TEXTBOOK_MUTUAL_SEQUENCE = [
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
] as const;

/** Messages that client authentication adds to a full handshake, by sender. */
export const MUTUAL_ADDITIONS = ['S:CertificateRequest', 'C:Certificate', 'C:CertificateVerify'] as const;
