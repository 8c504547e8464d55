import type { SessionLifecycleEvent } from '@voltlane/contracts';
import type { DataSource } from 'typeorm';
import type { SessionRepository } from '../persistence/session.repository';
import { SessionTracker } from './session-tracker';

const base: SessionLifecycleEvent = {
  type: 'Started',
  eventId: 's1:Started',
  sessionId: '6f1c1f6e-0a59-4b8e-9d2b-3c4e5f6a7b8c',
  stationId: 'CS-1',
  protocol: 'ocpp2.0.1',
  transactionRef: 'tx-1',
  startedAt: '2026-12-06T10:00:00Z',
  meterStartWh: 0,
  energyWh: 0,
  chargingSeconds: 0,
  idleSeconds: 0,
  anomalies: [],
  occurredAt: '2026-12-06T10:00:00Z',
};

/** Counts the statements the tracker sends; every record "changes nothing" so no site is marked due. */
function tracker(): { tracker: SessionTracker; applied: SessionLifecycleEvent[] } {
  const applied: SessionLifecycleEvent[] = [];
  const sessions = {
    apply: async (event: SessionLifecycleEvent) => {
      applied.push(event);
      return { started: false, ended: false, evseLearnt: false };
    },
  } as unknown as SessionRepository;
  return { tracker: new SessionTracker({} as DataSource, sessions, 0), applied };
}

describe('SessionTracker', () => {
  it('stores Updated records until the EVSE and token are known, then drops those that add nothing', async () => {
    const { tracker: t, applied } = tracker();
    await t.apply(base);
    await t.apply({ ...base, type: 'Updated', eventId: 'u1', energyWh: 10 });
    await t.apply({ ...base, type: 'Updated', eventId: 'u2', evseId: 1, idTokenKey: 'ISO14443:A' });
    await t.apply({ ...base, type: 'Updated', eventId: 'u3', energyWh: 20 });
    await t.apply({ ...base, type: 'Updated', eventId: 'u4', evseId: 1, idTokenKey: 'ISO14443:A', energyWh: 30 });
    expect(applied.map((e) => e.eventId)).toEqual(['s1:Started', 'u1', 'u2']);
  });

  it('stores a changed token and every Ended', async () => {
    const { tracker: t, applied } = tracker();
    await t.apply({ ...base, evseId: 1, idTokenKey: 'ISO14443:A' });
    await t.apply({ ...base, type: 'Updated', eventId: 'u1', idTokenKey: 'ISO14443:B' });
    await t.apply({ ...base, type: 'Ended', eventId: 'e1', endedAt: '2026-12-06T11:00:00Z' });
    await t.apply({ ...base, type: 'Updated', eventId: 'u2' });
    expect(applied.map((e) => e.eventId)).toEqual(['s1:Started', 'u1', 'e1', 'u2']);
  });
});
