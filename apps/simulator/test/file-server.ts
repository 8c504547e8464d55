import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedUpload {
  method: string;
  path: string;
  contentType: string;
  body: Buffer;
}

/**
 * A real HTTP server standing in for a CSMS's file endpoints: records every upload (PUT/POST),
 * serves `firmware` at /firmware.bin and answers 404 anywhere else.
 */
export class FileServer {
  readonly uploads: ReceivedUpload[] = [];
  readonly downloads: string[] = [];

  private server: Server | undefined;
  url = '';

  private constructor() {}

  static async start(firmware: Buffer): Promise<FileServer> {
    const self = new FileServer();
    const server = createServer((request, response) => {
      void readBody(request).then((body) => {
        const path = request.url ?? '/';
        if ((request.method === 'PUT' || request.method === 'POST') && path.startsWith('/upload')) {
          self.uploads.push({ method: request.method, path, contentType: request.headers['content-type'] ?? '', body });
          response.writeHead(201).end();
        } else if (request.method === 'GET' && path === '/firmware.bin') {
          self.downloads.push(path);
          response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(firmware);
        } else {
          response.writeHead(404).end();
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    self.server = server;
    self.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return self;
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
