// OCTT 1.6 Central System test cases, Reservation profile.
import { waitFor } from '@voltlane/testing';
import type { StackHarness } from '../../stack-harness';
import {
  ChargePoint16,
  handles,
  newChargePointId,
  newIdTag,
  provisionIdTag,
  startConformanceStack,
  waitForConnector,
  waitForSession,
} from '../ocpp16-station';

describe('OCTT 1.6 Central System: Reservation', () => {
  let harness: StackHarness;
  const TAG = newIdTag('RSV');
  const PARENT = newIdTag('GRP');
  const CHILD1 = newIdTag('KID1');
  const CHILD2 = newIdTag('KID2');
  let nextReservationId = Math.floor(Math.random() * 1_000_000) + 1;

  beforeAll(async () => {
    harness = await startConformanceStack();
    await provisionIdTag(harness, TAG);
    await provisionIdTag(harness, PARENT);
    await provisionIdTag(harness, CHILD1, { parentIdTag: PARENT });
    await provisionIdTag(harness, CHILD2, { parentIdTag: PARENT });
  }, 120_000);
  afterAll(() => harness?.stop());

  const reservation = (id: string, reservationId: number) => handles(harness).sessions.sessions.reservation(id, reservationId);
  const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

  /** ReserveNow through the API, answered `status`; returns the reservation id. */
  async function reserve(cp: ChargePoint16, status: string, extra: Record<string, unknown> = {}, expiryDate = inAnHour()): Promise<number> {
    const reservationId = nextReservationId++;
    cp.answer('ReserveNow', { status });
    const request = { connectorId: 1, expiryDate, idTag: TAG, reservationId, ...extra };
    expect(await cp.commandResult('ReserveNow', request)).toEqual({ status });
    return reservationId;
  }

  /** The reservation as the CSMS stored it once the station accepted it. */
  async function storedReservation(id: string, reservationId: number, expiryDate?: string) {
    await waitFor(async () => (await reservation(id, reservationId)) !== null, {
      timeoutMs: 15_000,
      message: `reservation ${reservationId} stored`,
    });
    const stored = (await reservation(id, reservationId))!;
    if (expiryDate) expect(stored.expiresAt?.toISOString()).toBe(expiryDate);
    return stored;
  }

  it('TC_046_CSMS used by a transaction', async () => {
    const id = newChargePointId('046');
    const cp = await ChargePoint16.booted(harness, id);
    const expiryDate = inAnHour();
    const reservationId = await reserve(cp, 'Accepted', {}, expiryDate);
    await cp.status(1, 'Reserved');
    await storedReservation(id, reservationId, expiryDate);
    await waitForConnector(harness, id, 1, 'Reserved');

    expect((await cp.authorize(TAG)).status).toBe('Accepted');
    await cp.status(1, 'Preparing');
    const started = await cp.startTransaction(TAG, { reservationId });
    expect(started.idTagInfo.status).toBe('Accepted');
    await cp.status(1, 'Charging');

    const session = await waitForSession(harness, id, started.transactionId);
    expect(session.reservationId).toBe(reservationId);
    await waitFor(async () => (await reservation(id, reservationId))?.status === 'Used', { message: 'reservation used' });
    expect((await reservation(id, reservationId))?.sessionId).toBe(session.id);
  });

  it('TC_047_CSMS expires', async () => {
    const id = newChargePointId('047');
    const cp = await ChargePoint16.booted(harness, id);
    const expiryDate = new Date(Date.now() + 3_000).toISOString();
    const reservationId = await reserve(cp, 'Accepted', {}, expiryDate);
    await cp.status(1, 'Reserved');
    await storedReservation(id, reservationId, expiryDate);
    // The reservation expires at the charge point: the connector becomes Available again.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(expiryDate) - Date.now()) + 200));
    await cp.status(1, 'Available');

    await waitForConnector(harness, id, 1, 'Available');
    await waitFor(async () => (await reservation(id, reservationId))?.status === 'Expired', {
      timeoutMs: 15_000,
      message: 'reservation expired',
    });
  });

  const notReserved: [string, string][] = [
    ['TC_048_1_CSMS Faulted', 'Faulted'],
    ['TC_048_2_CSMS Occupied', 'Occupied'],
    ['TC_048_3_CSMS Unavailable', 'Unavailable'],
    ['TC_048_4_CSMS Rejected', 'Rejected'],
  ];
  for (const [name, status] of notReserved) {
    it(name, async () => {
      const id = newChargePointId(`048_${status}`);
      const cp = await ChargePoint16.booted(harness, id);
      if (status === 'Faulted') await cp.status(1, 'Faulted', 'OtherError');
      if (status === 'Unavailable') await cp.status(1, 'Unavailable');
      if (status === 'Occupied') await cp.charging(TAG);
      const reservationId = await reserve(cp, status);
      // Nothing is reserved: the CSMS holds no reservation in force for it.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      const stored = await reservation(id, reservationId);
      expect(stored === null || !['Accepted', 'Reserved', 'Active'].includes(stored.status)).toBe(true);
    });
  }

  it('TC_049_CSMS charge-point-wide reservation', async () => {
    const id = newChargePointId('049');
    const cp = await ChargePoint16.booted(harness, id);
    const reservationId = await reserve(cp, 'Accepted', { connectorId: 0 });
    expect((await cp.receivedCalls('ReserveNow'))[0].payload.connectorId).toBe(0);
    await storedReservation(id, reservationId);

    expect((await cp.authorize(TAG)).status).toBe('Accepted');
    await cp.status(1, 'Preparing');
    const started = await cp.startTransaction(TAG, { connectorId: 1, reservationId });
    expect(started.idTagInfo.status).toBe('Accepted');
    await cp.status(1, 'Charging');

    const session = await waitForSession(harness, id, started.transactionId);
    expect(session.reservationId).toBe(reservationId);
    await waitFor(async () => (await reservation(id, reservationId))?.status === 'Used', { message: 'reservation used' });
  });

  it('TC_051_CSMS cancel', async () => {
    const id = newChargePointId('051');
    const cp = await ChargePoint16.booted(harness, id);
    const reservationId = await reserve(cp, 'Accepted');
    await cp.status(1, 'Reserved');
    await storedReservation(id, reservationId);
    expect(await cp.commandResult('CancelReservation', { reservationId })).toEqual({ status: 'Accepted' });
    await cp.status(1, 'Available');

    await waitFor(async () => ['Removed', 'Cancelled'].includes((await reservation(id, reservationId))?.status ?? ''), {
      message: 'reservation cancelled',
    });
    await waitForConnector(harness, id, 1, 'Available');
  });

  it('TC_052_CSMS cancel rejected', async () => {
    const id = newChargePointId('052');
    const cp = await ChargePoint16.booted(harness, id);
    const reservationId = nextReservationId++;
    cp.answer('CancelReservation', { status: 'Rejected' });
    expect(await cp.commandResult('CancelReservation', { reservationId })).toEqual({ status: 'Rejected' });
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(['Removed', 'Cancelled']).not.toContain((await reservation(id, reservationId))?.status);
  });

  it('TC_053_CSMS parentIdTag', async () => {
    const id = newChargePointId('053');
    const cp = await ChargePoint16.booted(harness, id);
    const reservationId = await reserve(cp, 'Accepted', { idTag: CHILD1, parentIdTag: PARENT });
    await cp.status(1, 'Reserved');
    await storedReservation(id, reservationId);

    // Another idTag of the same group uses the reservation: the charge point learns its parent.
    const info = await cp.authorize(CHILD2);
    expect(info).toMatchObject({ status: 'Accepted', parentIdTag: PARENT });
    await cp.status(1, 'Preparing');
    const started = await cp.startTransaction(CHILD2, { reservationId });
    expect(started.idTagInfo).toMatchObject({ status: 'Accepted', parentIdTag: PARENT });
    await cp.status(1, 'Charging');

    const session = await waitForSession(harness, id, started.transactionId);
    expect(session).toMatchObject({ reservationId, idToken: CHILD2 });
    await waitFor(async () => (await reservation(id, reservationId))?.status === 'Used', { message: 'reservation used' });
  });
});
