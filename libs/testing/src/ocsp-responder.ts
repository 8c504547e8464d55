import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A real OCSP responder over HTTP on 127.0.0.1 (RFC 6960 Appendix A.1, POST), for tests. */
export interface OcspResponderServer {
  /** `http://127.0.0.1:<port>/ocsp`. */
  readonly url: string;
  /** Every DER OCSPRequest received, in order. */
  readonly requests: Buffer[];
  /** While true, every request gets HTTP 503 (a responder that is down). */
  unavailable: boolean;
  close(): Promise<void>;
}

/** Serves `respond(requestDer) → responseDer` (e.g. TestPki.respond) as application/ocsp-response. */
export async function startOcspResponder(respond: (requestDer: Buffer) => Buffer): Promise<OcspResponderServer> {
  const requests: Buffer[] = [];
  const state = { unavailable: false };
  const server: Server = createServer((req, res) => {
    void body(req).then((der) => {
      if (req.method !== 'POST' || req.headers['content-type'] !== 'application/ocsp-request') {
        res.writeHead(405).end();
        return;
      }
      requests.push(der);
      if (state.unavailable) {
        res.writeHead(503).end();
        return;
      }
      const answer = respond(der);
      res.writeHead(200, { 'content-type': 'application/ocsp-response', 'content-length': answer.length }).end(answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/ocsp`,
    requests,
    get unavailable() {
      return state.unavailable;
    },
    set unavailable(value: boolean) {
      state.unavailable = value;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function body(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
  });
}
