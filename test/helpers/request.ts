import { connect, type ConnectionOptions } from 'node:tls';

export interface RequestOutcome {
  /** The client received an HTTP 200 response: the server accepted the handshake. */
  responded: boolean;
  errorCode: string | null;
  protocol: string | null;
}

/**
 * Makes one HTTPS request on a new connection to 127.0.0.1. In TLS 1.3 the client's `secureConnect`
 * fires before the server has checked the client's certificate, so only a response proves acceptance.
 */
export function requestOnce(port: number, options: ConnectionOptions): Promise<RequestOutcome> {
  return new Promise((resolve) => {
    let responded = false;
    let errorCode: string | null = null;
    let protocol: string | null = null;
    const socket = connect({ ...options, host: '127.0.0.1', port });
    socket.setTimeout(10_000, () => socket.destroy(new Error('timed out')));
    socket.once('secureConnect', () => {
      protocol = socket.getProtocol();
      socket.write('GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    });
    socket.on('data', (chunk: Buffer) => {
      if (chunk.toString().startsWith('HTTP/1.1 200')) responded = true;
    });
    socket.on('error', (error: NodeJS.ErrnoException) => (errorCode ??= error.code ?? error.message));
    socket.on('close', () => resolve({ responded, errorCode, protocol }));
  });
}
