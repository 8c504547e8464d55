// OCTT 2.0.1 CSMS test cases, functional block A (Security): Basic authentication (security
// profile 1) and updating the Basic-auth password.
import { verifySecret } from '@voltlane/security';
import { HandshakeRefused, TestStation, basicAuth, waitFor } from '@voltlane/testing';
import type { StackHarness } from '../../stack-harness';
import { STATION_PASSWORD } from '../../stack-harness';
import {
  Station201,
  V201,
  connectWithCredentials,
  newStationId,
  services201,
  startConformanceStack201,
  storedStation,
  storedVariable,
} from '../ocpp201-station';

describe('OCTT 2.0.1 CSMS — A Security', () => {
  let harness: StackHarness;
  const opened: TestStation[] = [];

  beforeAll(async () => {
    harness = await startConformanceStack201();
  });
  afterAll(async () => {
    await Promise.allSettled(opened.map((s) => s.close()));
    await harness?.stop();
  });

  async function refused(promise: Promise<TestStation>): Promise<number> {
    try {
      opened.push(await promise);
    } catch (error) {
      if (error instanceof HandshakeRefused) return error.status;
      throw error;
    }
    throw new Error('the CSMS upgraded the connection');
  }

  it('TC_A_01_CSMS Basic Authentication - Valid username/password combination', async () => {
    const id = newStationId('A01');
    const password = 'octt-valid-password-0001';
    await harness.addStation(id, { password });
    const ws = await connectWithCredentials(harness, id, id, password);
    opened.push(ws);
    expect(ws.protocol).toBe(V201);
    const boot = await ws.call('BootNotification', { reason: 'PowerUp', chargingStation: { model: 'OCTT-201', vendorName: 'Voltlane' } });
    expect(boot[0]).toBe(3);
    expect(boot[2]).toMatchObject({ status: 'Accepted' });
    const status = await ws.call('StatusNotification', {
      timestamp: new Date().toISOString(),
      connectorStatus: 'Available',
      evseId: 1,
      connectorId: 1,
    });
    expect(status).toEqual([3, status[1], {}]);
    await waitFor(async () => (await storedStation(harness, id))?.bootStatus === 'Accepted', { message: 'station stored as Accepted' });
    expect(await storedStation(harness, id)).toMatchObject({ online: true, securityProfile: 1, protocol: V201 });
  });

  it('TC_A_02_CSMS Basic Authentication - Username does not equal ChargingStationId', async () => {
    const id = newStationId('A02');
    const password = 'octt-valid-password-0002';
    await harness.addStation(id, { password });
    expect(await refused(connectWithCredentials(harness, id, `${id}-other`, password))).toBe(401);
    expect(await harness.registry.lookup(id)).toBeNull();
  });

  it('TC_A_03_CSMS Basic Authentication - Invalid password', async () => {
    const id = newStationId('A03');
    await harness.addStation(id, { password: 'octt-valid-password-0003' });
    expect(await refused(connectWithCredentials(harness, id, id, 'octt-wrong-password-0003'))).toBe(401);
    expect(await harness.registry.lookup(id)).toBeNull();
  });

  it('TC_A_09_CSMS Update Charging Station Password for HTTP Basic Authentication - Accepted', async () => {
    const id = newStationId('A09');
    const cs = await Station201.booted(harness, id);
    const newPassword = 'octt-new-password-A09-0123456789';
    const request = {
      setVariableData: [{ component: { name: 'SecurityCtrlr' }, variable: { name: 'BasicAuthPassword' }, attributeValue: newPassword }],
    };
    const result = await cs.commandResult<{ setVariableResult: { attributeStatus: string }[] }>('SetVariables', request);
    expect(result.setVariableResult).toEqual([
      expect.objectContaining({
        attributeStatus: 'Accepted',
        component: { name: 'SecurityCtrlr' },
        variable: { name: 'BasicAuthPassword' },
      }),
    ]);
    // BasicAuthPassword is write-only: once the results are applied (a later SetVariables is in
    // the device model), the password must not be stored in plain text anywhere in it.
    await cs.commandResult('SetVariables', {
      setVariableData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'OfflineThreshold' }, attributeValue: '77' }],
    });
    await waitFor(async () => (await storedVariable(harness, id, 'OCPPCommCtrlr', 'OfflineThreshold')) === '77', {
      timeoutMs: 15_000,
      message: 'SetVariables results applied',
    });
    expect(JSON.stringify(await services201(harness).stations.stations.deviceModel(id))).not.toContain(newPassword);
    // The station disconnects and at once reconnects with the new password — to another gateway
    // instance: the CSMS must accept it on the first attempt, with no window in which it refuses.
    await cs.close();
    const other = await harness.addGateway();
    const otherUrl = `ws://127.0.0.1:${other.ports[0]}/ocpp/${encodeURIComponent(id)}`;
    const reconnected = await TestStation.connect(otherUrl, [V201], { headers: basicAuth(id, newPassword) });
    opened.push(reconnected);
    const boot = await reconnected.call('BootNotification', {
      reason: 'PowerUp',
      chargingStation: { model: 'OCTT-201', vendorName: 'Voltlane' },
    });
    expect(boot[2]).toMatchObject({ status: 'Accepted' });
    // The station has proved the new password: the old one is revoked, on every gateway instance.
    await waitFor(async () => (await harness.credentials.get(id))?.pending === undefined, { message: 'the new password promoted' });
    await reconnected.close();
    expect(await refused(connectWithCredentials(harness, id, id, STATION_PASSWORD))).toBe(401);
    expect(await refused(TestStation.connect(otherUrl, [V201], { headers: basicAuth(id, STATION_PASSWORD) }))).toBe(401);
    opened.push(await connectWithCredentials(harness, id, id, newPassword));
  });

  it('a new password is accepted from before the command is sent, beside the old one until the station uses it', async () => {
    const id = newStationId('A09W');
    const cs = await Station201.booted(harness, id);
    const newPassword = 'octt-new-password-A09W-0123456789';
    // While the station still holds the command (it may apply the password and reconnect before it
    // answers), the store every gateway instance checks already accepts the new password, and the old one.
    let duringCommand: { current: boolean; pending: boolean } | undefined;
    cs.answer('SetVariables', async (p) => {
      const stored = await harness.credentials.get(id);
      duringCommand = {
        current: !!stored?.passwordHash && (await verifySecret(STATION_PASSWORD, stored.passwordHash)),
        pending: !!stored?.pending?.passwordHash && (await verifySecret(newPassword, stored.pending.passwordHash)),
      };
      return {
        setVariableResult: (p.setVariableData as { component: unknown; variable: unknown }[]).map((d) => ({
          attributeStatus: 'Accepted',
          component: d.component,
          variable: d.variable,
        })),
      };
    });
    const request = {
      setVariableData: [{ component: { name: 'SecurityCtrlr' }, variable: { name: 'BasicAuthPassword' }, attributeValue: newPassword }],
    };
    await cs.commandResult('SetVariables', request);
    expect(duringCommand).toEqual({ current: true, pending: true });
    // Accepted, but the station has not used it yet: both still open a connection (no lock-out).
    await cs.close();
    await waitFor(async () => (await harness.registry.lookup(id)) === null, { message: `${id} unregistered` });
    opened.push(await connectWithCredentials(harness, id, id, STATION_PASSWORD));
    expect((await harness.credentials.get(id))?.pending).toMatchObject({ securityProfile: 1 });
  });

  it('TC_A_10_CSMS Update Charging Station Password for HTTP Basic Authentication - Rejected', async () => {
    const id = newStationId('A10');
    const cs = await Station201.booted(harness, id);
    cs.answer('SetVariables', (p) => ({
      setVariableResult: (p.setVariableData as { component: unknown; variable: unknown }[]).map((d) => ({
        attributeStatus: 'Rejected',
        component: d.component,
        variable: d.variable,
      })),
    }));
    const result = await cs.commandResult<{ setVariableResult: { attributeStatus: string }[] }>('SetVariables', {
      setVariableData: [
        {
          component: { name: 'SecurityCtrlr' },
          variable: { name: 'BasicAuthPassword' },
          attributeValue: 'octt-new-password-A10-0123456789',
        },
      ],
    });
    expect(result.setVariableResult[0].attributeStatus).toBe('Rejected');
    // The old password stays valid.
    await cs.close();
    await waitFor(async () => (await harness.registry.lookup(id)) === null, { message: 'unregistered' });
    const again = await connectWithCredentials(harness, id, id, STATION_PASSWORD);
    opened.push(again);
    expect(again.protocol).toBe(V201);
  });
});
