import { HttpException, NotFoundException } from '@nestjs/common';
import { badRequest } from '@voltlane/api-kit';
import { errorEnvelope, pageHeaders, successEnvelope } from './ocpi-envelope';
import { ocpiErrorOf } from '../api/ocpi/ocpi-exception.filter';
import { parseAnswer } from '../messaging/ocpi-http-client';
import { OcpiError, OcpiStatus } from './ocpi-status';

const at = new Date('2025-06-30T21:59:59.000Z');

describe('the OCPI envelope', () => {
  it('wraps data with status 1000 and a UTC timestamp', () => {
    expect(successEnvelope([{ version: '2.2.1' }], at)).toEqual({
      data: [{ version: '2.2.1' }],
      status_code: 1000,
      status_message: 'Success',
      timestamp: '2025-06-30T21:59:59.000Z',
    });
  });

  it('leaves data out when there is none (as the spec advises), keeps null and empty lists', () => {
    expect(successEnvelope(undefined, at)).not.toHaveProperty('data');
    expect(successEnvelope(null, at).data).toBeNull();
    expect(successEnvelope([], at).data).toEqual([]);
  });

  it('answers an error without data', () => {
    expect(errorEnvelope(2001, 'Missing required field: type', at)).toEqual({
      status_code: 2001,
      status_message: 'Missing required field: type',
      timestamp: '2025-06-30T21:59:59.000Z',
    });
  });
});

describe('pageHeaders', () => {
  const url = new URL('https://cpo.example.com/ocpi/cpo/2.2.1/cdrs?date_from=2016-01-01T00:00:00Z&limit=2000&offset=100');

  it('links the next page with the filters kept and offset/limit replaced', () => {
    const headers = pageHeaders({ items: new Array(100).fill(0), total: 350, offset: 100, limit: 100 }, url);
    expect(headers['X-Total-Count']).toBe('350');
    expect(headers['X-Limit']).toBe('100');
    expect(headers['Link']).toBe(
      '<https://cpo.example.com/ocpi/cpo/2.2.1/cdrs?offset=200&limit=100&date_from=2016-01-01T00%3A00%3A00Z>; rel="next"',
    );
  });

  it('has no Link on the last page, or when the page is empty', () => {
    expect(pageHeaders({ items: [1, 2], total: 102, offset: 100, limit: 100 }, url)).toEqual({ 'X-Total-Count': '102', 'X-Limit': '100' });
    expect(pageHeaders({ items: [], total: 5, offset: 10, limit: 100 }, url)).not.toHaveProperty('Link');
  });
});

describe('ocpiErrorOf: the status code and HTTP status of an error', () => {
  it('takes an OcpiError as it is', () => {
    expect(ocpiErrorOf(OcpiError.notFound(OcpiStatus.UnknownLocation, 'no location L1'))).toEqual({
      httpStatus: 404,
      statusCode: 2003,
      message: 'no location L1',
    });
    expect(ocpiErrorOf(new OcpiError(OcpiStatus.ClientError, 401, 'Unknown credentials token')).httpStatus).toBe(401);
  });

  it('maps a validation problem to 2001 and other client errors to 2000', () => {
    expect(ocpiErrorOf(badRequest('Invalid body: / must have property "token"'))).toEqual({
      httpStatus: 400,
      statusCode: 2001,
      message: 'Invalid body: / must have property "token"',
    });
    expect(ocpiErrorOf(new NotFoundException('Cannot GET /ocpi/x'))).toEqual({
      httpStatus: 404,
      statusCode: 2000,
      message: 'Cannot GET /ocpi/x',
    });
    expect(ocpiErrorOf(new HttpException('Method Not Allowed', 405)).statusCode).toBe(2000);
    expect(ocpiErrorOf(Object.assign(new Error('Unexpected token'), { status: 400, type: 'entity.parse.failed' }))).toEqual({
      httpStatus: 400,
      statusCode: 2001,
      message: 'Request body is not valid JSON',
    });
  });

  it('answers anything else with 3000 / HTTP 500 and no internals', () => {
    expect(ocpiErrorOf(new Error('connection terminated: password=secret'))).toEqual({
      httpStatus: 500,
      statusCode: 3000,
      message: 'The request could not be processed',
    });
  });
});

describe('parseAnswer: a partner’s HTTP answer', () => {
  const response = (status: number, headers: Record<string, string> = {}) => ({ status, headers: new Headers(headers) });

  it('reads the envelope', () => {
    const answer = parseAnswer(
      response(200, { Location: 'https://emsp/cdrs/1', 'X-Request-ID': 'r' }),
      JSON.stringify({ data: { a: 1 }, status_code: 1000, status_message: 'ok', timestamp: 'x' }),
    );
    expect(answer).toEqual({
      httpStatus: 200,
      statusCode: 1000,
      statusMessage: 'ok',
      data: { a: 1 },
      headers: { location: 'https://emsp/cdrs/1', 'x-request-id': 'r' },
    });
  });

  it('keeps a body that is no envelope as data, and survives one that is not JSON', () => {
    expect(parseAnswer(response(404), '{"detail":"Not Found"}')).toMatchObject({
      httpStatus: 404,
      statusCode: undefined,
      data: { detail: 'Not Found' },
    });
    expect(parseAnswer(response(502), '<html>bad gateway</html>')).toMatchObject({
      httpStatus: 502,
      statusCode: undefined,
      data: undefined,
    });
  });
});
