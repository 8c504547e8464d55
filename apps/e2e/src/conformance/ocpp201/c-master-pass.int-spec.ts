// OCTT 2.0.1 CSMS test cases, functional block C (Authorization), use case C16 "Stop Transaction
// with a Master Pass": the CSMS is configured with a MasterPassGroupId (MASTER_PASS_GROUP_ID); a
// token of that group is Accepted with that groupIdToken and may stop transactions it did not start.
import { uniqueName } from '@voltlane/testing';
import { StackHarness } from '../../stack-harness';
import { Station201, Transaction201, energyValue, newIdToken, newStationId, provisionIdToken, waitForSession201 } from '../ocpp201-station';

const MASTER_PASS_GROUP = uniqueName('MP')
  .replace(/[^A-Za-z0-9]/g, '')
  .slice(0, 36)
  .toUpperCase();

describe('OCTT 2.0.1 CSMS — C Master Pass', () => {
  let harness: StackHarness;

  beforeAll(async () => {
    harness = await StackHarness.start({
      services: ['station', 'customer', 'session', 'metering', 'billing'],
      api: true,
      serviceEnv: { STATION_SERVICE_UNKNOWN_STATIONS: 'accept', MASTER_PASS_GROUP_ID: MASTER_PASS_GROUP },
    });
  });
  afterAll(() => harness?.stop());

  /** The operator pushes the CSMS's MasterPassGroupId into the station's device model. */
  async function configuredStation(tc: string, evses: number): Promise<Station201> {
    const cs = await Station201.booted(harness, newStationId(tc), evses);
    const set = await cs.commandResult<{ setVariableResult: { attributeStatus: string }[] }>('SetVariables', {
      setVariableData: [{ component: { name: 'AuthCtrlr' }, variable: { name: 'MasterPassGroupId' }, attributeValue: MASTER_PASS_GROUP }],
    });
    expect(set.setVariableResult[0].attributeStatus).toBe('Accepted');
    return cs;
  }

  /** Steps 1–2: the master pass is presented; the CSMS accepts it with groupIdToken = MasterPassGroupId. */
  async function presentMasterPass(cs: Station201, master: Awaited<ReturnType<typeof provisionIdToken>>): Promise<void> {
    const info = await cs.authorize(master);
    expect(info.status).toBe('Accepted');
    expect(info.groupIdToken?.idToken).toBe(MASTER_PASS_GROUP);
  }

  async function stopWithMasterPass(
    cs: Station201,
    tx: Transaction201,
    master: Awaited<ReturnType<typeof provisionIdToken>>,
    meterStopWh: number,
  ): Promise<void> {
    const ended = await cs.event(tx, 'Ended', 'StopAuthorized', {
      idToken: master,
      chargingState: 'EVConnected',
      stoppedReason: 'MasterPass',
      meterValue: [energyValue(meterStopWh, 'Transaction.End')],
    });
    expect(ended.idTokenInfo).toMatchObject({ status: 'Accepted', groupIdToken: { idToken: MASTER_PASS_GROUP } });
  }

  it('TC_C_47_CSMS Stop Transaction with a Master Pass - With UI - All transactions', async () => {
    const master = await provisionIdToken(harness, newIdToken('C47M'), { group: MASTER_PASS_GROUP });
    const drivers = [await provisionIdToken(harness, newIdToken('C47A')), await provisionIdToken(harness, newIdToken('C47B'))];
    const cs = await configuredStation('C47', 2);
    const txs = [await cs.charging(drivers[0], 1), await cs.charging(drivers[1], 2)];
    await presentMasterPass(cs, master);
    // The user chooses "all transactions" on the station's UI.
    for (const tx of txs) await stopWithMasterPass(cs, tx, master, 3_000);
    for (const [i, tx] of txs.entries()) {
      const session = await waitForSession201(harness, cs.id, tx, (s) => s.status === 'Ended', 'ended by the master pass');
      expect(session).toMatchObject({ idToken: drivers[i].idToken, authStatus: 'Accepted', stoppedReason: 'MasterPass', energyWh: 2_000 });
    }
  });

  it('TC_C_48_CSMS Stop Transaction with a Master Pass - With UI - Specific transactions', async () => {
    const master = await provisionIdToken(harness, newIdToken('C48M'), { group: MASTER_PASS_GROUP });
    const drivers = [await provisionIdToken(harness, newIdToken('C48A')), await provisionIdToken(harness, newIdToken('C48B'))];
    const cs = await configuredStation('C48', 2);
    const [chosen, other] = [await cs.charging(drivers[0], 1), await cs.charging(drivers[1], 2)];
    await presentMasterPass(cs, master);
    // The user chooses only the transaction on EVSE 1.
    await stopWithMasterPass(cs, chosen, master, 1_500);
    expect(await waitForSession201(harness, cs.id, chosen, (s) => s.status === 'Ended')).toMatchObject({
      stoppedReason: 'MasterPass',
      energyWh: 500,
    });
    // The other transaction goes on, still authorized for its own driver.
    const update = await cs.event(other, 'Updated', 'MeterValuePeriodic', { meterValue: [energyValue(1_800)] });
    expect(update).toEqual({});
    expect(await waitForSession201(harness, cs.id, other, (s) => s.energyWh === 800)).toMatchObject({
      status: 'Active',
      idToken: drivers[1].idToken,
    });
  });

  it('TC_C_49_CSMS Stop Transaction with a Master Pass - Without UI', async () => {
    const master = await provisionIdToken(harness, newIdToken('C49M'), { group: MASTER_PASS_GROUP });
    const driver = await provisionIdToken(harness, newIdToken('C49A'));
    const cs = await configuredStation('C49', 1);
    const tx = await cs.charging(driver, 1);
    await presentMasterPass(cs, master);
    // Without a UI the station stops every ongoing transaction.
    await stopWithMasterPass(cs, tx, master, 2_500);
    expect(await waitForSession201(harness, cs.id, tx, (s) => s.status === 'Ended')).toMatchObject({
      idToken: driver.idToken,
      stoppedReason: 'MasterPass',
      energyWh: 1_500,
    });
    // A master pass never starts a transaction: the CSMS answers Invalid, so the station deauthorizes it.
    const attempt = new Transaction201(1, 1);
    await cs.event(attempt, 'Started', 'CablePluggedIn', {
      chargingState: 'EVConnected',
      meterValue: [energyValue(2_500, 'Transaction.Begin')],
    });
    const refused = await cs.event(attempt, 'Updated', 'Authorized', { idToken: master });
    expect(refused.idTokenInfo).toMatchObject({ status: 'Invalid', groupIdToken: { idToken: MASTER_PASS_GROUP } });
  });
});
