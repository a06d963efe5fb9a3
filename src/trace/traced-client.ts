/**
 * Child process that makes one traced TLS connection. OpenSSL writes its message trace straight to
 * file descriptor 2 of the process that calls `enableTrace()`, so the trace runs here, where the
 * parent captures stderr, instead of in the parent, whose stderr belongs to the user.
 *
 * The parent sends one `TracedClientRequest` over IPC; this process sends back one
 * `TracedClientReport` and exits. It writes nothing to stdout.
 */
import { runConnection, type TracedClientReport, type TracedClientRequest } from './client-connection.js';

async function handle(request: TracedClientRequest): Promise<TracedClientReport> {
  if (!request.resume) return { sessionOffered: false, priming: null, traced: await runConnection(request, { trace: true }) };

  // TLS 1.3 servers send their tickets after the handshake, and Node emits one 'session' event per
  // ticket, so the last session seen before the connection closes is the one to offer.
  let session: Buffer | undefined;
  const priming = await runConnection(request, { trace: false, onSession: (received) => (session = received) });
  const traced = await runConnection(request, { trace: true, session });
  return { sessionOffered: session !== undefined, priming, traced };
}

process.once('message', (message: TracedClientRequest) => {
  handle(message)
    .then((report) => process.send?.(report, () => process.disconnect()))
    .catch((error: unknown) => {
      process.exitCode = 1;
      process.send?.({ failure: error instanceof Error ? error.message : String(error) }, () => process.disconnect());
    });
});
