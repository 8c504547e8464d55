// OCTT 1.6 Central System test cases, Remote Trigger profile.
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
} from '../ocpp16-station';

describe('OCTT 1.6 Central System: Remote Trigger', () => {
  let harness: StackHarness;
  const TAG = newIdTag('TRG');

  beforeAll(async () => {
    harness = await startConformanceStack();
    await provisionIdTag(harness, TAG);
  }, 120_000);
  afterAll(() => harness?.stop());

  it('TC_054_CSMS TriggerMessage', async () => {
    const id = newChargePointId('054');
    const cp = await ChargePoint16.booted(harness, id);
    const tx = await cp.charging(TAG);

    // MeterValues for connector 1: the triggered message follows the Accepted answer.
    expect(await cp.commandResult('TriggerMessage', { requestedMessage: 'MeterValues', connectorId: 1 })).toEqual({ status: 'Accepted' });
    expect(
      await cp.call('MeterValues', {
        connectorId: 1,
        transactionId: tx,
        meterValue: [
          {
            timestamp: new Date().toISOString(),
            sampledValue: [{ value: '1500', context: 'Trigger', measurand: 'Energy.Active.Import.Register', unit: 'Wh' }],
          },
        ],
      }),
    ).toEqual({});

    expect(await cp.commandResult('TriggerMessage', { requestedMessage: 'Heartbeat' })).toEqual({ status: 'Accepted' });
    await cp.heartbeat();

    expect(await cp.commandResult('TriggerMessage', { requestedMessage: 'StatusNotification', connectorId: 1 })).toEqual({
      status: 'Accepted',
    });
    await cp.status(1, 'Charging');

    expect(await cp.commandResult('TriggerMessage', { requestedMessage: 'DiagnosticsStatusNotification' })).toEqual({ status: 'Accepted' });
    expect(await cp.call('DiagnosticsStatusNotification', { status: 'Idle' })).toEqual({});

    expect(await cp.commandResult('TriggerMessage', { requestedMessage: 'FirmwareStatusNotification' })).toEqual({ status: 'Accepted' });
    expect(await cp.call('FirmwareStatusNotification', { status: 'Idle' })).toEqual({});

    expect(await cp.commandResult('TriggerMessage', { requestedMessage: 'BootNotification' })).toEqual({ status: 'Accepted' });
    await cp.boot();

    const triggered = (await cp.receivedCalls('TriggerMessage', 6)).map((c) => c.payload.requestedMessage);
    expect(triggered).toEqual([
      'MeterValues',
      'Heartbeat',
      'StatusNotification',
      'DiagnosticsStatusNotification',
      'FirmwareStatusNotification',
      'BootNotification',
    ]);
    await waitFor(
      async () => {
        const station = await handles(harness).stations.stations.station(id);
        return station?.diagnosticsStatus === 'Idle' && station.firmwareStatus === 'Idle' && station.bootStatus === 'Accepted';
      },
      { message: 'triggered notifications stored' },
    );
    await waitForConnector(harness, id, 1, 'Charging');
  });

  it('TC_055_CSMS rejected', async () => {
    const id = newChargePointId('055');
    const cp = await ChargePoint16.booted(harness, id);
    cp.answer('TriggerMessage', { status: 'Rejected' });
    expect(await cp.commandResult('TriggerMessage', { requestedMessage: 'MeterValues', connectorId: 1 })).toEqual({ status: 'Rejected' });
    cp.answer('TriggerMessage', { status: 'NotImplemented' });
    expect(await cp.commandResult('TriggerMessage', { requestedMessage: 'DiagnosticsStatusNotification' })).toEqual({
      status: 'NotImplemented',
    });
  });
});
