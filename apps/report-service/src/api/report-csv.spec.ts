import type { BucketMetrics } from '@voltlane/report-domain';
import { networkCsv, stationsCsv } from './report-csv';

const bucket: BucketMetrics = {
  start: '2026-10-24T22:00:00.000Z',
  end: '2026-10-25T23:00:00.000Z',
  startLocal: '2026-10-25T00:00:00.000+02:00',
  endLocal: '2026-10-26T00:00:00.000+01:00',
  sessions: 2,
  energyKwh: 12.346,
  sessionSeconds: 3600,
  chargingSeconds: 3000,
  idleSeconds: 600,
  occupiedSeconds: 9000,
  utilisationPercent: 10,
  uptimePercent: null,
  onlinePercent: 100,
  // Station-supplied codes, sorted as the calculator sorts them ('=' before letters).
  faults: [
    { errorCode: '=cmd', count: 1 },
    { errorCode: 'GroundFailure', count: 2 },
  ],
  revenue: [
    { currency: 'EUR', totalExclTax: '4.75', totalInclTax: '5.66' },
    { currency: 'USD', totalExclTax: '5.10', totalInclTax: '5.10' },
  ],
};

describe('report CSV', () => {
  it('one row per bucket, header first, CRLF, null as an empty cell, lists joined with ; (a formula defused)', () => {
    expect(networkCsv([bucket]).split('\r\n')).toEqual([
      'bucketStart,bucketEnd,bucketStartLocal,sessions,energyKwh,sessionSeconds,chargingSeconds,idleSeconds,occupiedSeconds,utilisationPercent,uptimePercent,onlinePercent,faults,revenueExclTax,revenueInclTax',
      "2026-10-24T22:00:00.000Z,2026-10-25T23:00:00.000Z,2026-10-25T00:00:00.000+02:00,2,12.346,3600,3000,600,9000,10,,100,'=cmd=1;GroundFailure=2,EUR 4.75;USD 5.10,EUR 5.66;USD 5.10",
      '',
    ]);
  });

  it('per-station rows lead with the station id (quoted when needed, formulas defused)', () => {
    const lines = stationsCsv([
      { stationId: 'cs,1', buckets: [bucket] },
      { stationId: '+cs2', buckets: [] },
      { stationId: 'cs3', buckets: [bucket, bucket] },
      { stationId: '-cs4', buckets: [bucket] },
    ]).split('\r\n');
    expect(lines[0]).toMatch(/^stationId,bucketStart,/);
    expect(lines.slice(1, -1).map((l) => l.split(',')[0])).toEqual(['"cs', 'cs3', 'cs3', "'-cs4"]);
    expect(lines[1]).toMatch(/^"cs,1",2026-10-24T22:00:00.000Z,/);
  });
});
