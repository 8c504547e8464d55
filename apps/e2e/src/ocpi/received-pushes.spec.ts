import type { ReceivedRequest } from './python-emsp';
import { cdrsOf, delivered, duplicates, evseStatuses, sessionTrail, trailProblems } from './received-pushes';

const SESSION = '0b8e5f1c-8a51-4c38-9d0b-6f2f8c7a1e11';
let seq = 0;

function request(method: string, path: string, body: unknown, status = 200, ocpi: number | null = 1000): ReceivedRequest {
  const module = /^\/ocpi\/emsp\/2\.2\.1\/([a-z]+)/.exec(path)?.[1] ?? null;
  seq += 1;
  return {
    seq,
    at: '',
    module,
    method,
    path,
    query: '',
    headers: {},
    authorized: true,
    body,
    status,
    ocpi_status: ocpi,
    response: null,
    location: null,
  };
}

const session = (method: string, body: Record<string, unknown>, status = 200) =>
  request(method, `/ocpi/emsp/2.2.1/sessions/NL/VLT/${SESSION}`, body, status);

const good = [
  session('PUT', { status: 'ACTIVE', kwh: 0, last_updated: '2026-01-01T10:00:00Z' }),
  session('PATCH', { kwh: 3, last_updated: '2026-01-01T10:10:00Z' }),
  session('PATCH', { kwh: 7, last_updated: '2026-01-01T10:20:00Z' }),
  session('PATCH', { status: 'COMPLETED', kwh: 10, last_updated: '2026-01-01T10:30:00Z' }),
];

describe('the checks of what the eMSP received', () => {
  it('takes only 2xx answers with OCPI 1000 as delivered, and finds a session by its id in any case', () => {
    const refused = session('PATCH', { kwh: 5 }, 404);
    const redirected = request('POST', '/ocpi/emsp/2.2.1/cdrs', { session_id: SESSION }, 307, null);
    expect(delivered([...good, refused, redirected])).toEqual(good);
    expect(sessionTrail(good, SESSION.toUpperCase())).toEqual(good);
    expect(trailProblems(sessionTrail(good, SESSION))).toEqual([]);
  });

  it('finds a push taken twice, and not two pushes of one object', () => {
    expect(duplicates(good)).toEqual([]);
    expect(duplicates([...good, good[1]])).toHaveLength(1);
    expect(duplicates([...good, session('PATCH', { kwh: 3, last_updated: '2026-01-01T10:11:00Z' })])).toEqual([]);
  });

  it('refuses a trail out of order: no PUT first, kWh or last_updated going back, COMPLETED twice or not last', () => {
    expect(trailProblems(good.slice(1))).toContain('does not start with a PUT of an ACTIVE session');
    expect(trailProblems([good[0], good[2], good[1], good[3]])).toEqual([
      'kwh went down from 7 to 3',
      'last_updated went back from 2026-01-01T10:20:00Z to 2026-01-01T10:10:00Z',
    ]);
    expect(trailProblems([...good, good[3]])).toContain('2 COMPLETED');
    expect(trailProblems([good[0], good[3], good[1]])).toContain('COMPLETED is not the last');
    expect(trailProblems([good[0], good[0], ...good.slice(1)])).toContain('2 PUTs');
  });

  it('finds the CDRs of a session and the EVSE statuses in order', () => {
    const cdr = request('POST', '/ocpi/emsp/2.2.1/cdrs/', { id: 'C1', session_id: SESSION.toUpperCase() });
    const other = request('POST', '/ocpi/emsp/2.2.1/cdrs/', { id: 'C2', session_id: 'another' });
    expect(cdrsOf([cdr, other], SESSION)).toEqual([cdr]);
    const evse = (status: string) => request('PATCH', '/ocpi/emsp/2.2.1/locations/NL/VLT/LOC1/cs-1', { status });
    expect(evseStatuses([evse('CHARGING'), evse('AVAILABLE'), cdr], 'CS-1')).toEqual(['CHARGING', 'AVAILABLE']);
  });
});
