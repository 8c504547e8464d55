import { randomUUID } from 'node:crypto';
import type { v201 } from '@voltlane/ocpp';
import { dispatch, type HandlerResult } from './command-handlers/command-handler';
import { OCPP2_HANDLERS } from './command-handlers/ocpp2/handler-table';
import type { ConfigurationStore } from './configuration-store';
import type { Connector, Session, StopCause } from './connector';
import { deviceModel, SUPPORTED_MEASURANDS_2X, type Measurand2x } from './device-model';
import { registerWh } from './meter';
import { ProtocolBehaviourBase } from './protocol-behaviour-base';
import type { SampleContext } from './session-engine';
import type { CallOptions, StationContext } from './station-context';

type MeterValue = v201.MeterValueType;
type SampledValue = v201.SampledValueType;
type TriggerReason = v201.TransactionEventRequest['triggerReason'];
type BootReason = v201.BootNotificationRequest['reason'];

const PHASE_NAMES = ['L1', 'L2', 'L3'] as const;

const STOPPED_REASON: Readonly<Record<StopCause, NonNullable<v201.TransactionType['stoppedReason']>>> = {
  Local: 'Local',
  EVDisconnected: 'EVDisconnected',
  Remote: 'Remote',
  HardReset: 'ImmediateReset',
  SoftReset: 'ImmediateReset',
  DeAuthorized: 'DeAuthorized',
  UnlockCommand: 'Local',
  PowerLoss: 'PowerLoss',
  Other: 'Other',
};

const END_TRIGGER: Readonly<Record<StopCause, TriggerReason>> = {
  Local: 'StopAuthorized',
  EVDisconnected: 'EVDeparted',
  Remote: 'RemoteStop',
  HardReset: 'ResetCommand',
  SoftReset: 'ResetCommand',
  DeAuthorized: 'Deauthorized',
  UnlockCommand: 'UnlockCommand',
  PowerLoss: 'AbnormalCondition',
  Other: 'AbnormalCondition',
};

const SAMPLE_TRIGGER: Readonly<Record<SampleContext, TriggerReason>> = {
  'Sample.Periodic': 'MeterValuePeriodic',
  'Sample.Clock': 'MeterValueClock',
  Trigger: 'Trigger',
};

/**
 * OCPP 2.0.1 and 2.1: TransactionEvent-based sessions (seqNo from 0 per transaction), a small
 * device model, EVSE status, local list, reservations, charging profiles, firmware and logs.
 * One EVSE per simulated connector, each with connector 1.
 */
export class Ocpp2Behaviour extends ProtocolBehaviourBase {
  readonly variables: ConfigurationStore;
  nextBootReason: BootReason = 'PowerUp';
  firmware: { status: v201.FirmwareStatusNotificationRequest['status']; requestId?: number } = { status: 'Idle' };
  log: { status: v201.LogStatusNotificationRequest['status']; requestId?: number } = { status: 'Idle' };

  constructor(station: StationContext) {
    const variables = deviceModel(station.options);
    super(station, {
      sampleIntervalS: () => variables.int('SampledDataCtrlr.TxUpdatedInterval', station.options.sampleIntervalS),
      authorizeRemoteStarts: () => variables.bool('AuthCtrlr.AuthorizeRemoteStart'),
      newTransactionId: () => randomUUID(),
    });
    this.variables = variables;
    this.variables.onChange('OCPPCommCtrlr.HeartbeatInterval', (value) => station.setHeartbeatInterval(Number(value)));
    this.variables.onChange('AlignedDataCtrlr.Interval', (value) => this.engine.alignSamples(Number(value)));
  }

  // ---- ProtocolBehaviour ----

  bootPayload(): v201.BootNotificationRequest {
    const o = this.station.options;
    return {
      reason: this.nextBootReason,
      chargingStation: { model: o.model, vendorName: o.vendor, serialNumber: o.id.slice(0, 25), firmwareVersion: '1.0.0-sim' },
    };
  }

  onBootAccepted(): void {
    this.nextBootReason = 'PowerUp';
    this.variables.setInternal('OCPPCommCtrlr.HeartbeatInterval', String(this.station.heartbeatIntervalS));
    for (const connector of this.connectors) this.status(connector, true);
    this.engine.alignSamples(this.variables.int('AlignedDataCtrlr.Interval', 0));
  }

  onReconnected(): void {
    for (const connector of this.connectors) this.status(connector, false);
  }

  handle(action: string, request: Record<string, unknown>): HandlerResult | undefined {
    return dispatch(OCPP2_HANDLERS, this, action, request);
  }

  // ---- TransactionReporter ----

  async authorize(session: Session): Promise<boolean> {
    const answer = (await this.station.call('Authorize', { idToken: this.idToken(session.idTag) })) as unknown as v201.AuthorizeResponse;
    return answer.idTokenInfo.status === 'Accepted';
  }

  async started(session: Session): Promise<boolean> {
    const connector = this.connectors[session.connectorId - 1];
    const request = this.event(session, 'Started', session.remoteStartId !== undefined ? 'RemoteStart' : 'Authorized', {
      chargingState: 'Charging',
      idToken: this.idToken(session.idTag),
      evse: { id: connector.id, connectorId: 1 },
      meterValue: [this.meterValue(connector, 'Transaction.Begin', this.measurands('SampledDataCtrlr.TxStartedMeasurands'))],
      ...(session.reservationId !== undefined ? { reservationId: session.reservationId } : {}),
    });
    const answer = (await this.station.call('TransactionEvent', request)) as unknown as v201.TransactionEventResponse;
    const status = answer.idTokenInfo?.status;
    return status === undefined || status === 'Accepted' || !this.variables.bool('TxCtrlr.StopTxOnInvalidId');
  }

  sample(connector: Connector, context: SampleContext, options?: CallOptions): void {
    const session =
      connector.session && connector.session.phase !== 'Preparing' && !connector.session.ending ? connector.session : undefined;
    const measurands = this.measurands(context === 'Sample.Clock' ? 'AlignedDataCtrlr.Measurands' : 'SampledDataCtrlr.TxUpdatedMeasurands');
    if (measurands.length === 0) return;
    const meterValue = [this.meterValue(connector, context, measurands)];
    if (meterValue[0].sampledValue.length === 0) return;
    if (session) {
      this.station.notify(
        'TransactionEvent',
        this.event(session, 'Updated', SAMPLE_TRIGGER[context], { chargingState: this.chargingState(session), meterValue }),
        options,
      );
    } else {
      this.station.notify('MeterValues', { evseId: connector.id, meterValue } satisfies v201.MeterValuesRequest, options);
    }
  }

  phaseChanged(session: Session): void {
    this.station.notify(
      'TransactionEvent',
      this.event(session, 'Updated', 'ChargingStateChanged', { chargingState: this.chargingState(session) }),
    );
  }

  async ended(session: Session, cause: StopCause): Promise<void> {
    const connector = this.connectors[session.connectorId - 1];
    const request = this.event(session, 'Ended', END_TRIGGER[cause], {
      chargingState: cause === 'EVDisconnected' ? 'Idle' : 'EVConnected',
      stoppedReason: STOPPED_REASON[cause],
      meterValue: [this.meterValue(connector, 'Transaction.End', this.measurands('SampledDataCtrlr.TxEndedMeasurands'))],
    });
    await this.station.call('TransactionEvent', request);
  }

  status(connector: Connector, force = false, options?: CallOptions): void {
    const status = this.statusOf(connector);
    if (!force && status === connector.reported) return;
    connector.reported = status;
    const request: v201.StatusNotificationRequest = {
      timestamp: new Date(this.station.now()).toISOString(),
      connectorStatus: status,
      evseId: connector.id,
      connectorId: 1,
    };
    this.station.notify('StatusNotification', request, options);
  }

  // ---- used by the command handlers ----

  statusOf(connector: Connector): v201.StatusNotificationRequest['connectorStatus'] {
    if (connector.session) return 'Occupied';
    if (!connector.operative || !this.stationOperative) return 'Unavailable';
    if (this.reservations.onConnector(connector.id)) return 'Reserved';
    return 'Available';
  }

  idToken(idTag: string): v201.IdTokenType {
    return { idToken: idTag, type: 'ISO14443' };
  }

  /** A TransactionEvent for `session` with the next seqNo. */
  event(
    session: Session,
    eventType: v201.TransactionEventRequest['eventType'],
    triggerReason: TriggerReason,
    extra: {
      chargingState?: v201.TransactionType['chargingState'];
      stoppedReason?: v201.TransactionType['stoppedReason'];
      idToken?: v201.IdTokenType;
      evse?: v201.EVSEType;
      meterValue?: MeterValue[];
      reservationId?: number;
    },
  ): v201.TransactionEventRequest {
    const transactionInfo: v201.TransactionType = {
      transactionId: String(session.transactionId),
      ...(extra.chargingState ? { chargingState: extra.chargingState } : {}),
      ...(extra.stoppedReason ? { stoppedReason: extra.stoppedReason } : {}),
      ...(eventType === 'Started' && session.remoteStartId !== undefined ? { remoteStartId: session.remoteStartId } : {}),
    };
    return {
      eventType,
      timestamp: new Date(this.station.now()).toISOString(),
      triggerReason,
      seqNo: session.seqNo++,
      transactionInfo,
      ...(extra.idToken ? { idToken: extra.idToken } : {}),
      ...(extra.evse ? { evse: extra.evse } : {}),
      ...(extra.meterValue && extra.meterValue[0].sampledValue.length > 0 ? { meterValue: extra.meterValue } : {}),
      ...(extra.reservationId !== undefined ? { reservationId: extra.reservationId } : {}),
    };
  }

  private chargingState(session: Session): v201.TransactionType['chargingState'] {
    return session.phase === 'SuspendedEV' || session.phase === 'SuspendedEVSE' ? session.phase : 'Charging';
  }

  private measurands(key: string): Measurand2x[] {
    return (this.variables.value(key) ?? '')
      .split(',')
      .filter((m): m is Measurand2x => (SUPPORTED_MEASURANDS_2X as readonly string[]).includes(m));
  }

  meterValue(connector: Connector, context: NonNullable<SampledValue['context']>, measurands: readonly Measurand2x[]): MeterValue {
    const meter = connector.meter;
    const sampledValue: SampledValue[] = [];
    for (const measurand of measurands) {
      switch (measurand) {
        case 'Energy.Active.Import.Register':
          sampledValue.push({ value: registerWh(meter), context, measurand, location: 'Outlet', unitOfMeasure: { unit: 'Wh' } });
          break;
        case 'Power.Active.Import':
          sampledValue.push({ value: Math.round(meter.powerW), context, measurand, location: 'Outlet', unitOfMeasure: { unit: 'W' } });
          break;
        case 'SoC':
          if (connector.session)
            sampledValue.push({ value: Math.round(meter.soc), context, measurand, location: 'EV', unitOfMeasure: { unit: 'Percent' } });
          break;
        case 'Current.Import':
          // One value per phase: a 1-phase vehicle draws on L1 only.
          PHASE_NAMES.forEach((phase, i) =>
            sampledValue.push({
              value: Math.round(meter.currentA[i] * 10) / 10,
              context,
              measurand,
              phase,
              location: 'Outlet',
              unitOfMeasure: { unit: 'A' },
            }),
          );
          break;
        case 'Voltage':
          sampledValue.push({ value: 230, context, measurand, location: 'Outlet', unitOfMeasure: { unit: 'V' } });
          break;
      }
    }
    return { timestamp: new Date(this.station.now()).toISOString(), sampledValue };
  }
}
