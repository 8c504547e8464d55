import type { NextFunction, Request, Response } from 'express';
import { rejectNulCharacters } from './nul-guard';

function run(originalUrl: string, body: unknown): { status?: number; json?: Record<string, unknown>; passed: boolean } {
  const out: { status?: number; json?: Record<string, unknown>; passed: boolean } = { passed: false };
  const response = {
    status(code: number) {
      out.status = code;
      return this;
    },
    type() {
      return this;
    },
    json(value: Record<string, unknown>) {
      out.json = value;
      return this;
    },
  } as unknown as Response;
  rejectNulCharacters({ originalUrl, body } as Request, response, (() => void (out.passed = true)) as NextFunction);
  return out;
}

describe('rejectNulCharacters', () => {
  it('passes ordinary requests, including quotes and SQL-looking text', () => {
    expect(run('/api/v1/customers?name=%27%20OR%201%3D1', { name: "'; DROP TABLE x; --" }).passed).toBe(true);
  });

  it.each([
    ['the URL', '/api/v1/stations/a%00b', {}],
    ['the body', '/api/v1/customers', { name: 'a\u0000b' }],
    ['the body', '/api/v1/customers', { deep: [[[{ 'k\u0000': 1 }]]] }],
  ])('refuses a NUL in %s with a 400 problem', (where, url, body) => {
    const out = run(url, body);
    expect(out.passed).toBe(false);
    expect(out.status).toBe(400);
    expect(out.json?.detail).toContain(where);
  });

  it('walks 10^5 levels of nesting without recursion', () => {
    let deep: unknown = 'a\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(run('/x', deep).status).toBe(400);
  });
});
