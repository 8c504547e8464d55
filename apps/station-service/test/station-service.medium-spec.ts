import { parseStationStatusEvent, type StationStatusEvent } from '@voltlane/contracts';
import type { BusMessage } from '@voltlane/messaging';
import { uniqueName, waitFor } from '@voltlane/testing';
import { ServiceHarness, type FakeStation } from '@voltlane/testing/medium';
import { startStationService, type StationServiceHandle } from '../src';

type Protocol = 'ocpp1.6' | 'ocpp2.0.1';

const BOOT: Record<Protocol, Record<string, unknown>> = {
  'ocpp1.6': { chargePointVendor: 'Voltlane', chargePointModel: 'VL-AC22', chargePointSerialNumber: 'SN-16', firmwareVersion: '1.2.3' },
  'ocpp2.0.1': {
    reason: 'PowerUp',
    chargingStation: { vendorName: 'Voltlane', model: 'VL-DC50', serialNumber: 'SN-201', firmwareVersion: '2.0.0' },
  },
};

function statusNotification(protocol: Protocol, status: string, timestamp: string): Record<string, unknown> {
  return protocol === 'ocpp1.6'
    ? { connectorId: 1, errorCode: 'NoError', status: status === 'Occupied' ? 'Charging' : status, timestamp }
    : { timestamp, connectorStatus: status, evseId: 1, connectorId: 1 };
}

const at = (secondsAgo: number): string => new Date(Date.now() - secondsAgo * 1000).toISOString();

// The station-service alone on the in-process ports and its own PostgreSQL schema. Across the real
// gateway: its boot gate on the status the service answers is TC_B_30 (apps/e2e conformance, block
// B), its connection events reaching the service are api-station and faults (apps/e2e).
describe('station-service (medium)', () => {
  let harness: ServiceHarness<StationServiceHandle>;
  let service: StationServiceHandle;

  beforeAll(async () => {
    harness = await ServiceHarness.start({
      start: startStationService,
      service: 'station-service',
      env: { STATION_SERVICE_LAST_SEEN_FLUSH_MS: '100' },
    });
    service = harness.service;
  });

  afterAll(async () => {
    await harness?.stop();
  });

  async function bootAccepted(id: string, protocol: Protocol): Promise<FakeStation> {
    await service.policy.set(id, 'Accepted');
    const station = await harness.connect(id, protocol);
    const answer = await station.call('BootNotification', BOOT[protocol]);
    expect(answer[2]).toMatchObject({ status: 'Accepted' });
    return station;
  }

  function statusRecords(id: string): StationStatusEvent[] {
    return harness
      .records('StationStatus')
      .filter((m: BusMessage) => m.key === id)
      .map((m) => parseStationStatusEvent(JSON.parse(m.value)));
  }

  describe.each(['ocpp1.6', 'ocpp2.0.1'] as const)('%s', (protocol) => {
    it('accepts a station whose policy is Accepted: registered with vendor/model, Accepted in the boot-status store', async () => {
      const id = uniqueName('accepted');
      await service.policy.set(id, 'Accepted');
      const station = await harness.connect(id, protocol);
      const answer = await station.call('BootNotification', BOOT[protocol]);
      expect(answer[0]).toBe(3);
      expect(answer[2]).toEqual({ status: 'Accepted', interval: 300, currentTime: expect.any(String) });
      expect(Math.abs(Date.parse((answer[2] as { currentTime: string }).currentTime) - Date.now())).toBeLessThan(60_000);
      expect(await harness.ports.bootStatus.get(id)).toBe('Accepted');
      const stored = await service.stations.station(id);
      expect(stored).toMatchObject({
        vendor: 'Voltlane',
        protocol,
        bootStatus: 'Accepted',
        firmwareVersion: protocol === 'ocpp1.6' ? '1.2.3' : '2.0.0',
      });
      expect(stored?.model).toBe(protocol === 'ocpp1.6' ? 'VL-AC22' : 'VL-DC50');
    });

    it('registers an unknown station as Pending (default policy), Pending in the boot-status store', async () => {
      const id = uniqueName('unknown');
      const station = await harness.connect(id, protocol);
      const answer = await station.call('BootNotification', BOOT[protocol]);
      expect(answer[2]).toEqual({ status: 'Pending', interval: 60, currentTime: expect.any(String) });
      expect(await harness.ports.bootStatus.get(id)).toBe('Pending');
      expect(await service.stations.station(id)).toMatchObject({ bootPolicy: 'Pending', bootStatus: 'Pending', provisioned: false });
    });

    it('rejects a station whose policy is Rejected', async () => {
      const id = uniqueName('rejected');
      await service.policy.set(id, 'Rejected');
      const station = await harness.connect(id, protocol);
      const answer = await station.call('BootNotification', BOOT[protocol]);
      expect(answer[2]).toEqual({ status: 'Rejected', interval: 60, currentTime: expect.any(String) });
      expect(await harness.ports.bootStatus.get(id)).toBe('Rejected');
      expect((await service.stations.station(id))?.bootStatus).toBe('Rejected');
    });

    it('stores StatusNotification with history, publishes it, and a late older status does not overwrite', async () => {
      const id = uniqueName('status');
      const station = await bootAccepted(id, protocol);
      const newer = at(10);
      const older = at(60);

      expect(await station.call('StatusNotification', statusNotification(protocol, 'Available', newer))).toEqual([
        3,
        expect.any(String),
        {},
      ]);
      await harness.waitForRecord('StationStatus', (m) => m.key === id);
      expect(statusRecords(id)).toEqual([
        expect.objectContaining({
          stationId: id,
          protocol,
          connectorId: 1,
          status: 'Available',
          source: 'StatusNotification',
          timestamp: newer,
        }),
      ]);

      // Late and older: answered, kept in the history, but neither current nor published.
      expect((await station.call('StatusNotification', statusNotification(protocol, 'Unavailable', older)))[0]).toBe(3);
      const connectors = await service.stations.connectors(id);
      expect(connectors).toEqual([expect.objectContaining({ connectorId: 1, status: 'Available' })]);
      expect(connectors[0].statusAt.toISOString()).toBe(newer);
      const history = await service.stations.statusHistory(id);
      expect(history.map((h) => [h.status, h.applied])).toEqual([
        ['Available', true],
        ['Unavailable', false],
      ]);

      // A newer change is current and published with the status it replaced.
      const occupied = protocol === 'ocpp1.6' ? 'Charging' : 'Occupied';
      await station.call('StatusNotification', statusNotification(protocol, 'Occupied', at(0)));
      await harness.waitForRecord('StationStatus', (m) => m.key === id && m.value.includes(occupied));
      const published = statusRecords(id);
      expect(published.map((e) => e.status)).toEqual(['Available', occupied]);
      expect(published[1].previousStatus).toBe('Available');
      expect(published[1].evseId).toBe(protocol === 'ocpp1.6' ? undefined : 1);
      expect((await service.stations.connectors(id))[0].status).toBe(occupied);
    });

    it('tracks online state from the gateway connection events and lastSeen from frames', async () => {
      const id = uniqueName('online');
      const station = await bootAccepted(id, protocol);
      await waitFor(async () => (await service.stations.station(id))?.online === true, { message: 'station online' });
      await service.flushLastSeen();
      await waitFor(async () => ((await service.stations.station(id))?.lastSeenAt ?? null) !== null, { message: 'lastSeen set' });
      const connected = await service.stations.station(id);
      expect(connected?.connectionId).toBe(station.connectionId);
      await station.close();
      await waitFor(async () => (await service.stations.station(id))?.online === false, { message: 'station offline' });
    });
  });

  describe('ocpp2.0.1 only', () => {
    it('NotifyEvent Connector/AvailabilityState sets the connector status and stores the event', async () => {
      const id = uniqueName('event');
      const station = await bootAccepted(id, 'ocpp2.0.1');
      const answer = await station.call('NotifyEvent', {
        generatedAt: at(0),
        seqNo: 0,
        eventData: [
          {
            eventId: 7,
            timestamp: at(1),
            trigger: 'Delta',
            actualValue: 'Unavailable',
            component: { name: 'Connector', evse: { id: 2, connectorId: 1 } },
            variable: { name: 'AvailabilityState' },
            eventNotificationType: 'HardWiredNotification',
          },
        ],
      });
      expect(answer).toEqual([3, expect.any(String), {}]);
      expect(await service.stations.connectors(id)).toEqual([
        expect.objectContaining({ evseId: 2, connectorId: 1, status: 'Unavailable', source: 'NotifyEvent' }),
      ]);
      expect(await service.stations.events(id)).toEqual([
        expect.objectContaining({ eventId: 7, componentName: 'Connector', actualValue: 'Unavailable' }),
      ]);
      await harness.waitForRecord('StationStatus', (m) => m.key === id);
      expect(statusRecords(id)).toEqual([
        expect.objectContaining({ evseId: 2, connectorId: 1, status: 'Unavailable', source: 'NotifyEvent' }),
      ]);
    });

    it('assembles a NotifyReport sent in two parts into the device model', async () => {
      const id = uniqueName('report');
      const station = await bootAccepted(id, 'ocpp2.0.1');
      const part = (seqNo: number, tbc: boolean, variable: string, value: string): Record<string, unknown> => ({
        requestId: 42,
        generatedAt: at(0),
        seqNo,
        tbc,
        reportData: [
          {
            component: { name: 'OCPPCommCtrlr' },
            variable: { name: variable },
            variableAttribute: [{ type: 'Actual', value, mutability: 'ReadWrite' }],
            variableCharacteristics: { dataType: 'integer', supportsMonitoring: false },
          },
        ],
      });
      expect(await station.call('NotifyReport', part(0, true, 'HeartbeatInterval', '300'))).toEqual([3, expect.any(String), {}]);
      expect(await service.stations.report(id, 'Report', 42)).toMatchObject({ complete: false, seqNos: [0] });
      expect(await station.call('NotifyReport', part(1, false, 'MessageTimeout', '30'))).toEqual([3, expect.any(String), {}]);
      const report = await service.stations.report(id, 'Report', 42);
      expect(report).toMatchObject({ complete: true, seqNos: [0, 1], lastSeqNo: 1 });
      expect(report?.parts.map((p) => p.seqNo)).toEqual([0, 1]);
      const model = await service.stations.deviceModel(id);
      expect(model.map((v) => [v.componentName, v.variableName, (v.attributes[0] as { value: string }).value])).toEqual([
        ['OCPPCommCtrlr', 'HeartbeatInterval', '300'],
        ['OCPPCommCtrlr', 'MessageTimeout', '30'],
      ]);
    });
  });

  it('sets station credentials hashed, in the database and in the gateway store', async () => {
    const id = uniqueName('cred');
    await service.credentials.set(id, { password: 'a-long-station-password', securityProfile: 1 });
    const stored = await harness.ports.credentials.get(id);
    expect(stored).toMatchObject({ stationId: id, securityProfile: 1, passwordHash: expect.stringMatching(/^scrypt\$/) });
    expect(JSON.stringify(stored)).not.toContain('a-long-station-password');
    const rows = await harness.query<{ password_hash: string }>(`SELECT password_hash FROM station_credential WHERE station_id = $1`, [id]);
    expect(rows).toEqual([{ password_hash: stored?.passwordHash }]);
    await harness.ports.credentials.remove(id);
    await harness.ports.bootStatus.set(id, 'Accepted');
    const republished = await service.credentials.republish();
    expect(republished.credentials).toBeGreaterThanOrEqual(1);
    expect(await harness.ports.credentials.get(id)).toMatchObject({ stationId: id, securityProfile: 1 });
  });
});
