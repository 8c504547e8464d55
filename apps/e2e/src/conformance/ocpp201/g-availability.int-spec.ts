// OCTT 2.0.1 CSMS test cases, functional block G (Availability): ChangeAvailability for an EVSE,
// the station and a connector, with and without a transaction, and a connector lock failure.
import type { v201 } from '@voltlane/ocpp';
import type { StackHarness } from '../../stack-harness';
import {
  Station201,
  energyValue,
  newIdToken,
  newStationId,
  provisionIdToken,
  startConformanceStack201,
  waitForConnector201,
  waitForRows,
  waitForSession201,
  type Payload,
} from '../ocpp201-station';

describe('OCTT 2.0.1 CSMS — G Availability', () => {
  let harness: StackHarness;
  let token: v201.IdTokenType;

  beforeAll(async () => {
    harness = await startConformanceStack201();
    token = await provisionIdToken(harness, newIdToken('G'));
  });
  afterAll(() => harness?.stop());

  type Scope = 'evse' | 'station' | 'connector';
  const target = (scope: Scope): Payload =>
    scope === 'evse' ? { evse: { id: 1 } } : scope === 'connector' ? { evse: { id: 1, connectorId: 1 } } : {};

  /** Waits until the requested availability of the target is stored. */
  async function availability(id: string, scope: Scope, operationalStatus: string, responseStatus: string) {
    const [evseId, connectorId] = scope === 'evse' ? [1, 0] : scope === 'connector' ? [1, 1] : [0, 0];
    await waitForRows(
      harness,
      'station',
      'SELECT 1 FROM availability WHERE station_id = $1 AND evse_id = $2 AND connector_id = $3 AND operational_status = $4 AND response_status = $5',
      [id, evseId, connectorId, operationalStatus, responseStatus],
      1,
      `availability ${operationalStatus}/${responseStatus} stored`,
    );
  }

  /** Operative→Inoperative (and back when `back`), with the StatusNotifications the station sends. */
  async function change(tc: string, scope: Scope, back: boolean) {
    const id = newStationId(tc);
    const cs = await Station201.booted(harness, id);
    expect(await cs.commandResult('ChangeAvailability', { operationalStatus: 'Inoperative', ...target(scope) })).toEqual({
      status: 'Accepted',
    });
    await cs.status(1, 1, 'Unavailable');
    await waitForConnector201(harness, id, 1, 1, 'Unavailable');
    await availability(id, scope, 'Inoperative', 'Accepted');
    if (back) {
      expect(await cs.commandResult('ChangeAvailability', { operationalStatus: 'Operative', ...target(scope) })).toEqual({
        status: 'Accepted',
      });
      await cs.status(1, 1, 'Available');
      await waitForConnector201(harness, id, 1, 1, 'Available');
      await availability(id, scope, 'Operative', 'Accepted');
    }
    const sent = await cs.receivedCalls('ChangeAvailability', back ? 2 : 1);
    expect(sent.map((c) => String(c.payload.operationalStatus))).toEqual(back ? ['Inoperative', 'Operative'] : ['Inoperative']);
    for (const call of sent) expect(call.payload.evse).toEqual(target(scope).evse);
  }

  it('TC_G_03_CSMS Change Availability EVSE - Operative to inoperative', async () => {
    await change('G03', 'evse', false);
  });

  it('TC_G_04_CSMS Change Availability EVSE - Inoperative to operative', async () => {
    await change('G04', 'evse', true);
  });

  it('TC_G_05_CSMS Change Availability Charging Station - Operative to inoperative', async () => {
    await change('G05', 'station', false);
  });

  it('TC_G_06_CSMS Change Availability Charging Station - Inoperative to operative', async () => {
    await change('G06', 'station', true);
  });

  it('TC_G_07_CSMS Change Availability Connector - Operative to inoperative', async () => {
    await change('G07', 'connector', false);
  });

  it('TC_G_08_CSMS Change Availability Connector - Inoperative to operative', async () => {
    await change('G08', 'connector', true);
  });

  /** With a transaction ongoing the station schedules the change until the transaction ends. */
  async function withTransaction(tc: string, scope: Scope) {
    const id = newStationId(tc);
    const cs = await Station201.booted(harness, id);
    const tx = await cs.charging(token);
    cs.answer('ChangeAvailability', { status: 'Scheduled' });
    expect(await cs.commandResult('ChangeAvailability', { operationalStatus: 'Inoperative', ...target(scope) })).toEqual({
      status: 'Scheduled',
    });
    await availability(id, scope, 'Inoperative', 'Scheduled');
    await waitForConnector201(harness, id, 1, 1, 'Occupied');
    await cs.event(tx, 'Ended', 'StopAuthorized', {
      idToken: token,
      chargingState: 'Idle',
      stoppedReason: 'Local',
      meterValue: [energyValue(3_000, 'Transaction.End')],
    });
    await cs.status(1, 1, 'Unavailable');
    await waitForConnector201(harness, id, 1, 1, 'Unavailable');
    expect(await waitForSession201(harness, id, tx, (s) => s.status === 'Ended')).toMatchObject({ stoppedReason: 'Local' });
  }

  it('TC_G_11_CSMS Change Availability EVSE - With ongoing transaction', async () => {
    await withTransaction('G11', 'evse');
  });

  it('TC_G_14_CSMS Change Availability Charging Station - With ongoing transaction', async () => {
    await withTransaction('G14', 'station');
  });

  it('TC_G_17_CSMS Change Availability Connector - With ongoing transaction', async () => {
    await withTransaction('G17', 'connector');
  });

  it('TC_G_20_CSMS Connector status Notification - Lock Failure', async () => {
    const id = newStationId('G20');
    const cs = await Station201.booted(harness, id);
    const answer = await cs.call('NotifyEvent', {
      generatedAt: new Date().toISOString(),
      seqNo: 0,
      eventData: [
        {
          eventId: 1,
          timestamp: new Date().toISOString(),
          trigger: 'Delta',
          actualValue: 'true',
          component: { name: 'ConnectorPlugRetentionLock', evse: { id: 1, connectorId: 1 } },
          variable: { name: 'Problem' },
          eventNotificationType: 'HardWiredNotification',
        },
      ],
    });
    expect(answer).toEqual({});
    const events = await waitForRows(
      harness,
      'station',
      'SELECT * FROM station_event WHERE station_id = $1',
      [id],
      1,
      'lock failure event stored',
    );
    expect(events[0]).toMatchObject({ component_name: 'ConnectorPlugRetentionLock', variable_name: 'Problem', actual_value: 'true' });
  });
});
