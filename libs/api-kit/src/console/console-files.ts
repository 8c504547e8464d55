import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, relative, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ConfigError, type EnvReader } from '@voltlane/config';

/** Paths the console never answers: the API, its documents, health, metrics, OCPI and station files. */
const NOT_CONSOLE = /^\/(api|docs|health|metrics|ocpi|files)(\/|$)/;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The page's rules: scripts and data from this origin only (the API key never leaves it), inline
 * styles allowed (the component library sets CSS variables), no framing.
 */
export const CONSOLE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

interface ConsoleFile {
  body: Buffer;
  gzipped?: Buffer;
  type: string;
  /** Content-hashed build assets never change under their name. */
  immutable: boolean;
}

/** Where the built console is (CONSOLE_DIR), and whether it must be there (named explicitly); undefined: no console. */
export interface ConsoleLocation {
  dir: string;
  required: boolean;
}

/** CONSOLE_DIR: default `dist/console` under the working directory (a checkout, the images' /app); `none` serves no console. */
export function readConsoleLocation(env: EnvReader): ConsoleLocation | undefined {
  const value = env.optionalString('CONSOLE_DIR', {
    doc: 'Directory of the built operator console (`npm run build:console`), served at `/` (relative to the working directory); `none`: no console. Named explicitly, it must hold a build.',
    defaultText: 'dist/console (served when built)',
  });
  if (value === 'none') return undefined;
  return { dir: resolve(value ?? 'dist/console'), required: value !== undefined };
}

/**
 * The operator console's static files (a Vite build), read into memory once. `handle` answers GET
 * and HEAD of every path outside the API: a file of the build, or index.html for the app's own
 * routes (/stations/CP-1 …), so a reload or a shared link opens the right page.
 */
export class ConsoleFiles {
  private constructor(
    private readonly files: ReadonlyMap<string, ConsoleFile>,
    /** Why there is no console here (not built), shown at / instead. */
    private readonly missing?: string,
  ) {}

  /**
   * Reads the build in `dir`. A directory named explicitly (`required`) must hold a build (a start-up
   * failure naming CONSOLE_DIR); the default one may be missing (a checkout not built yet): / then says so.
   */
  static open({ dir, required }: ConsoleLocation): ConsoleFiles {
    const index = join(dir, 'index.html');
    if (!existsSync(index)) {
      if (required)
        throw new ConfigError('CONSOLE_DIR', `has no console build (no ${index}): run npm run build:console, or set it to none`);
      return new ConsoleFiles(new Map(), `The operator console is not built in ${dir}: run "npm run build:console" (npm start does).`);
    }
    try {
      return new ConsoleFiles(readBuild(dir));
    } catch (error) {
      // a build replaced while it was read (npm run build:console beside a running process)
      if (required) throw new ConfigError('CONSOLE_DIR', `could not be read (${(error as Error).message})`);
      return new ConsoleFiles(
        new Map(),
        `The operator console in ${dir} could not be read (${(error as Error).message}): restart to serve it.`,
      );
    }
  }

  /** Whether the build was found. */
  get built(): boolean {
    return this.missing === undefined;
  }

  /** Answers the request when it is the console's (true), else leaves it alone (false). */
  handle(request: IncomingMessage, response: ServerResponse): boolean {
    if (request.method !== 'GET' && request.method !== 'HEAD') return false;
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://console').pathname);
    } catch {
      return false;
    }
    if (NOT_CONSOLE.test(pathname)) return false;
    if (this.missing !== undefined) {
      if (pathname !== '/') return false;
      response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      response.end(request.method === 'HEAD' ? undefined : this.missing + '\n');
      return true;
    }
    // An app route (no file extension) gets the app; a missing asset is a 404 of its own.
    const file = this.files.get(pathname) ?? (extname(pathname) === '' ? this.files.get('/index.html') : undefined);
    if (!file) return false;
    const gzip = file.gzipped !== undefined && /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
    const body = gzip ? file.gzipped! : file.body;
    response.writeHead(200, {
      ...CONSOLE_SECURITY_HEADERS,
      'content-type': file.type,
      'content-length': String(body.length),
      'cache-control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      vary: 'accept-encoding',
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    });
    response.end(request.method === 'HEAD' ? undefined : body);
    return true;
  }
}

/** Every file of a build, by URL path. */
function readBuild(dir: string): Map<string, ConsoleFile> {
  const files = new Map<string, ConsoleFile>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const url = '/' + relative(dir, path).split(sep).join('/');
    const type = TYPES[extname(path)] ?? 'application/octet-stream';
    const body = readFileSync(path);
    const compressible = /^(text|application\/json|image\/svg)/.test(type) && statSync(path).size > 1024;
    files.set(url, { body, type, immutable: url.startsWith('/assets/'), ...(compressible ? { gzipped: gzipSync(body) } : {}) });
  }
  return files;
}
