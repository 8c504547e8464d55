import { newTraceparent } from './trace-context';

describe('newTraceparent', () => {
  it('gives well-formed, distinct ids across pool refills', () => {
    const ids = Array.from({ length: 2_000 }, () => newTraceparent());
    for (const id of ids) expect(id).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids.map((id) => id.slice(3, 35))).size).toBe(ids.length);
  });
});
