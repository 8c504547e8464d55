import { PassThrough } from 'node:stream';
import busboy, { type Busboy } from 'busboy';
import type { Request } from 'express';
import { badRequest } from '@voltlane/api-kit';
import type { UploadBody } from '../../application/files/station-uploads.service';

/** The declared length of a raw (non-multipart) body, when the client sent one. */
export function declaredLength(request: Request): number | undefined {
  const header = request.headers['content-length'];
  return !isMultipart(request) && typeof header === 'string' && /^\d+$/.test(header) ? Number(header) : undefined;
}

export function isMultipart(request: Request): boolean {
  return (request.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/form-data');
}

/**
 * The file a station sends: the raw body (PUT, or POST of application/octet-stream and the like),
 * or the first file part of a multipart/form-data POST (how 1.6 stations often upload). The
 * request is piped into a stream of our own so that a refused body can be left unread (`abandon`)
 * without destroying the socket the answer goes out on.
 */
export function openUploadBody(request: Request, urlFileName: string | undefined): { open(): Promise<UploadBody>; abandon(): void } {
  const abandon = (): void => {
    request.unpipe();
    request.resume();
  };
  if (!isMultipart(request)) {
    return {
      abandon,
      open: async () => {
        const stream = new PassThrough();
        request.pipe(stream);
        const type = request.headers['content-type'];
        return { stream, fileName: urlFileName, contentType: typeof type === 'string' ? type : undefined };
      },
    };
  }
  return {
    abandon,
    open: () =>
      new Promise<UploadBody>((resolve, reject) => {
        let parser: Busboy;
        try {
          parser = busboy({ headers: request.headers, limits: { files: 1 } });
        } catch (error) {
          reject(badRequest(`Invalid multipart body: ${error instanceof Error ? error.message : 'unreadable'}`));
          return;
        }
        let found = false;
        parser.on('file', (_field, stream, info) => {
          if (found) return void stream.resume();
          found = true;
          resolve({ stream, fileName: urlFileName ?? info.filename, contentType: info.mimeType });
        });
        parser.on('error', (error) =>
          reject(badRequest(`Invalid multipart body: ${error instanceof Error ? error.message : String(error)}`)),
        );
        parser.on('close', () => {
          if (!found) reject(badRequest('The multipart body has no file part'));
        });
        request.pipe(parser);
      }),
  };
}
