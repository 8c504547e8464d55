import type { v16 } from '@voltlane/ocpp';
import { dispatch, type HandlerResult } from './command-handlers/command-handler';
import { OCPP16_HANDLERS } from './command-handlers/ocpp16/handler-table';
import { ConfigurationStore } from './configuration-store';
import type { Connector, Session, StopCause } from './connector';
import { registerWh } from './meter';
import { ProtocolBehaviourBase } from './protocol-behaviour-base';
import type { SampleContext } from './session-engine';
import type { CallOptions, StationContext } from './station-context';
import { measurandsValue } from './station-options';

type SampledValue = v16.MeterValuesRequest['meterValue'][number]['sampledValue'][number];
type Measurand = NonNullable<SampledValue['measurand']>;

export const SUPPORTED_MEASURANDS_16: readonly Measurand[] = [
  'Energy.Active.Import.Register',
  'Power.Active.Import',
  'SoC',
  'Current.Import',
  'Voltage',
];
const PHASE_NAMES = ['L1', 'L2', 'L3'] as const;

/** The CSMS has given the session its transactionId (1.6 sessions start with -1). */
function hasTransactionId(session: Session): boolean {
  return typeof session.transactionId === 'number' && session.transactionId >= 0;
}

/** The 1.6 configuration keys the simulator keeps (and honours). */
function configuration16(station: StationContext): ConfigurationStore {
  const o = station.options;
  const measurands = { type: 'csv', allowed: SUPPORTED_MEASURANDS_16 } as const;
  return new ConfigurationStore({
    HeartbeatInterval: { type: 'int', value: String(o.heartbeatFallbackS), min: 1 },
    MeterValueSampleInterval: { type: 'int', value: String(o.sampleIntervalS), min: 1 },
    ClockAlignedDataInterval: { type: 'int', value: String(o.alignedIntervalS), min: 0 },
    MeterValuesSampledData: {
      ...measurands,
      value: measurandsValue(o, 'sampledMeasurands', SUPPORTED_MEASURANDS_16, 'Energy.Active.Import.Register,Power.Active.Import,SoC'),
    },
    MeterValuesAlignedData: {
      ...measurands,
      value: measurandsValue(o, 'alignedMeasurands', SUPPORTED_MEASURANDS_16, 'Energy.Active.Import.Register'),
    },
    StopTxnSampledData: { ...measurands, value: 'Energy.Active.Import.Register' },
    StopTxnAlignedData: { ...measurands, value: '' },
    NumberOfConnectors: { type: 'int', value: String(o.connectors), readonly: true },
    AuthorizeRemoteTxRequests: { type: 'bool', value: 'false' },
    AuthorizationCacheEnabled: { type: 'bool', value: 'true' },
    LocalAuthListEnabled: { type: 'bool', value: 'true' },
    LocalAuthListMaxLength: { type: 'int', value: '1000', readonly: true },
    SendLocalListMaxLength: { type: 'int', value: '250', readonly: true },
    LocalPreAuthorize: { type: 'bool', value: 'false' },
    LocalAuthorizeOffline: { type: 'bool', value: 'true' },
    StopTransactionOnInvalidId: { type: 'bool', value: 'true' },
    StopTransactionOnEVSideDisconnect: { type: 'bool', value: 'true' },
    UnlockConnectorOnEVSideDisconnect: { type: 'bool', value: 'true' },
    ConnectionTimeOut: { type: 'int', value: '60', min: 1 },
    ResetRetries: { type: 'int', value: '1' },
    TransactionMessageAttempts: { type: 'int', value: '3', min: 1 },
    TransactionMessageRetryInterval: { type: 'int', value: '30' },
    WebSocketPingInterval: { type: 'int', value: '0' },
    GetConfigurationMaxKeys: { type: 'int', value: '100', readonly: true },
    SupportedFeatureProfiles: {
      type: 'csv',
      value: 'Core,FirmwareManagement,LocalAuthListManagement,Reservation,SmartCharging,RemoteTrigger',
      readonly: true,
    },
    ReserveConnectorZeroSupported: { type: 'bool', value: 'false', readonly: true },
    ChargeProfileMaxStackLevel: { type: 'int', value: '10', readonly: true },
    ChargingScheduleAllowedChargingRateUnit: { type: 'csv', value: 'Current,Power', readonly: true },
    ChargingScheduleMaxPeriods: { type: 'int', value: '24', readonly: true },
    MaxChargingProfilesInstalled: { type: 'int', value: '20', readonly: true },
  });
}

/**
 * OCPP 1.6J: Boot/Status payloads, StartTransaction / MeterValues / StopTransaction, the key
 * store, local list, reservations, charging profiles and the firmware/diagnostics flows.
 */
export class Ocpp16Behaviour extends ProtocolBehaviourBase {
  readonly config: ConfigurationStore;
  private connectorZeroReported: string | undefined;
  firmwareStatus: v16.FirmwareStatusNotificationRequest['status'] = 'Idle';
  diagnosticsStatus: v16.DiagnosticsStatusNotificationRequest['status'] = 'Idle';

  constructor(station: StationContext) {
    const config = configuration16(station);
    super(station, {
      sampleIntervalS: () => config.int('MeterValueSampleInterval', station.options.sampleIntervalS),
      authorizeRemoteStarts: () => config.bool('AuthorizeRemoteTxRequests'),
      newTransactionId: () => -1,
    });
    this.config = config;
    this.config.onChange('HeartbeatInterval', (value) => station.setHeartbeatInterval(Number(value)));
    this.config.onChange('ClockAlignedDataInterval', (value) => this.engine.alignSamples(Number(value)));
  }

  // ---- ProtocolBehaviour ----

  bootPayload(): v16.BootNotificationRequest {
    const o = this.station.options;
    return {
      chargePointVendor: o.vendor,
      chargePointModel: o.model,
      chargePointSerialNumber: o.id.slice(0, 25),
      firmwareVersion: '1.0.0-sim',
    };
  }

  onBootAccepted(): void {
    this.config.setInternal('HeartbeatInterval', String(this.station.heartbeatIntervalS));
    this.reportAllStatuses(true);
    this.engine.alignSamples(this.config.int('ClockAlignedDataInterval', 0));
  }

  onReconnected(): void {
    // Same session, same statuses: a 1.6 charger only re-reports what changed while offline.
    this.reportAllStatuses(false);
  }

  handle(action: string, request: Record<string, unknown>): HandlerResult | undefined {
    return dispatch(OCPP16_HANDLERS, this, action, request);
  }

  // ---- TransactionReporter ----

  async authorize(session: Session): Promise<boolean> {
    const answer = (await this.station.call('Authorize', { idTag: session.idTag })) as unknown as v16.AuthorizeResponse;
    return answer.idTagInfo.status === 'Accepted';
  }

  async started(session: Session): Promise<boolean> {
    const connector = this.connectors[session.connectorId - 1];
    const timestamp = new Date(session.startedAt).toISOString();
    const request: v16.StartTransactionRequest = {
      connectorId: session.connectorId,
      idTag: session.idTag,
      meterStart: session.meterStartWh,
      timestamp,
      ...(session.reservationId !== undefined ? { reservationId: session.reservationId } : {}),
    };
    session.samples.push({ timestamp, context: 'Transaction.Begin', energyWh: session.meterStartWh, powerW: 0, soc: connector.meter.soc });
    const answer = (await this.station.call('StartTransaction', request)) as unknown as v16.StartTransactionResponse;
    session.transactionId = answer.transactionId;
    return answer.idTagInfo.status === 'Accepted' || !this.config.bool('StopTransactionOnInvalidId');
  }

  sample(connector: Connector, context: SampleContext, options?: CallOptions): void {
    const aligned = context === 'Sample.Clock';
    const measurands = this.measurands(aligned ? 'MeterValuesAlignedData' : 'MeterValuesSampledData');
    if (measurands.length === 0) return;
    const session = connector.session && connector.session.phase !== 'Preparing' ? connector.session : undefined;
    const timestamp = new Date(this.station.now()).toISOString();
    const meterValue = [{ timestamp, sampledValue: this.sampledValues(connector, context, measurands) }];
    // Built when sent: a sample taken before the StartTransaction answer carries its transactionId.
    const request = (): v16.MeterValuesRequest => ({
      connectorId: connector.id,
      ...(session && hasTransactionId(session) ? { transactionId: session.transactionId as number } : {}),
      meterValue,
    });
    if (session) {
      const entry = { timestamp, context, energyWh: registerWh(connector.meter), powerW: connector.meter.powerW, soc: connector.meter.soc };
      // transactionData keeps the begin sample and the latest periodic ones (bounded).
      if (session.samples.length >= 8) session.samples.splice(1, 1);
      session.samples.push(entry);
    }
    this.station.notify('MeterValues', request, options);
  }

  phaseChanged(): void {
    // 1.6 reports Charging / SuspendedEV as connector status (sent by the engine right after).
  }

  async ended(session: Session, cause: StopCause): Promise<void> {
    const connector = this.connectors[session.connectorId - 1];
    const timestamp = new Date(this.station.now()).toISOString();
    const meterStop = registerWh(connector.meter);
    const stopMeasurands = this.measurands('StopTxnSampledData');
    const transactionData = [
      ...session.samples,
      { timestamp, context: 'Transaction.End', energyWh: meterStop, powerW: 0, soc: connector.meter.soc },
    ].map((s) => ({
      timestamp: s.timestamp,
      sampledValue: [
        {
          value: String(s.energyWh),
          context: s.context as SampledValue['context'],
          measurand: 'Energy.Active.Import.Register' as const,
          location: 'Outlet' as const,
          unit: 'Wh' as const,
        },
        ...(stopMeasurands.includes('SoC')
          ? [
              {
                value: s.soc.toFixed(0),
                context: s.context as SampledValue['context'],
                measurand: 'SoC' as const,
                location: 'EV' as const,
                unit: 'Percent' as const,
              },
            ]
          : []),
      ],
    }));
    // Built when sent, after the queued StartTransaction has been answered.
    const request = (): v16.StopTransactionRequest => ({
      transactionId: hasTransactionId(session) ? (session.transactionId as number) : -1,
      idTag: session.idTag,
      meterStop,
      timestamp,
      reason: cause,
      transactionData,
    });
    await this.station.call('StopTransaction', request);
  }

  status(connector: Connector, force = false, options?: CallOptions): void {
    const status = this.statusOf(connector);
    if (!force && status === connector.reported) return;
    connector.reported = status;
    this.sendStatus(connector.id, status, options);
  }

  // ---- used by the command handlers ----

  statusOf(connector: Connector): v16.StatusNotificationRequest['status'] {
    const session = connector.session;
    if (session) return session.phase;
    if (!connector.operative || !this.stationOperative) return 'Unavailable';
    if (this.reservations.onConnector(connector.id)) return 'Reserved';
    return 'Available';
  }

  reportConnectorZero(force: boolean, options?: CallOptions): void {
    const status = this.stationOperative ? 'Available' : 'Unavailable';
    if (!force && status === this.connectorZeroReported) return;
    this.connectorZeroReported = status;
    this.sendStatus(0, status, options);
  }

  reportAllStatuses(force: boolean, options?: CallOptions): void {
    this.reportConnectorZero(force, options);
    for (const connector of this.connectors) this.status(connector, force, options);
  }

  private sendStatus(connectorId: number, status: v16.StatusNotificationRequest['status'], options?: CallOptions): void {
    const request: v16.StatusNotificationRequest = {
      connectorId,
      errorCode: 'NoError',
      status,
      timestamp: new Date(this.station.now()).toISOString(),
    };
    this.station.notify('StatusNotification', request, options);
  }

  private measurands(key: string): Measurand[] {
    return (this.config.value(key) ?? '')
      .split(',')
      .filter((m): m is Measurand => (SUPPORTED_MEASURANDS_16 as readonly string[]).includes(m));
  }

  private sampledValues(connector: Connector, context: SampleContext, measurands: Measurand[]): SampledValue[] {
    const values: SampledValue[] = [];
    const meter = connector.meter;
    for (const measurand of measurands) {
      switch (measurand) {
        case 'Energy.Active.Import.Register':
          values.push({ value: String(registerWh(meter)), context, measurand, location: 'Outlet', unit: 'Wh' });
          break;
        case 'Power.Active.Import':
          values.push({ value: meter.powerW.toFixed(0), context, measurand, location: 'Outlet', unit: 'W' });
          break;
        case 'SoC':
          if (connector.session) values.push({ value: meter.soc.toFixed(0), context, measurand, location: 'EV', unit: 'Percent' });
          break;
        case 'Current.Import':
          // One value per phase: a 1-phase vehicle draws on L1 only.
          PHASE_NAMES.forEach((phase, i) =>
            values.push({ value: meter.currentA[i].toFixed(1), context, measurand, phase, location: 'Outlet', unit: 'A' }),
          );
          break;
        case 'Voltage':
          values.push({ value: '230', context, measurand, location: 'Outlet', unit: 'V' });
          break;
        default:
          break;
      }
    }
    return values;
  }
}
