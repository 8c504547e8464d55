import { coveredMs, overlapMs, subtract, unionOf } from './interval';

describe('intervals', () => {
  it.each([
    // [interval, bucket, overlap]
    [{ start: 0, end: 10 }, [5, 20], 5],
    [{ start: 0, end: 10 }, [10, 20], 0],
    [{ start: 12, end: 15 }, [10, 20], 3],
    [{ start: 5, end: 30 }, [10, 20], 10],
  ])('overlap of %j with %j is %d', (interval, [start, end], expected) => expect(overlapMs(interval, start, end)).toBe(expected));

  it('merges overlapping and touching intervals and drops empty ones', () => {
    expect(
      unionOf([
        { start: 5, end: 8 },
        { start: 0, end: 3 },
        { start: 3, end: 4 },
        { start: 7, end: 10 },
        { start: 12, end: 12 },
      ]),
    ).toEqual([
      { start: 0, end: 4 },
      { start: 5, end: 10 },
    ]);
  });

  it.each([
    // online 0–100 minus down 10–20 and 15–30 and 90–120 → 0–10, 30–90
    [
      [{ start: 0, end: 100 }],
      [
        { start: 10, end: 20 },
        { start: 15, end: 30 },
        { start: 90, end: 120 },
      ],
      [
        { start: 0, end: 10 },
        { start: 30, end: 90 },
      ],
    ],
    [
      [
        { start: 0, end: 10 },
        { start: 20, end: 30 },
      ],
      [{ start: 5, end: 25 }],
      [
        { start: 0, end: 5 },
        { start: 25, end: 30 },
      ],
    ],
    [[{ start: 0, end: 10 }], [], [{ start: 0, end: 10 }]],
    [[{ start: 0, end: 10 }], [{ start: -5, end: 15 }], []],
  ])('%j minus %j', (from, minus, expected) => expect(subtract(from, minus)).toEqual(expected));

  it('sums the covered part of a window', () => {
    // 0–10 and 30–90 inside 5–40: 5 + 10 = 15
    expect(
      coveredMs(
        [
          { start: 0, end: 10 },
          { start: 30, end: 90 },
        ],
        5,
        40,
      ),
    ).toBe(15);
  });
});
