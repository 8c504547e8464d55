import { actionsAnsweredBy } from '@voltlane/contracts';
import { OCPP_VERSIONS, ocppValidator, type OcppVersion } from '@voltlane/ocpp';
import { OcppCallError, type InboundCallContext, type OcppCallHandler } from '@voltlane/service-kit';
import type { BootService } from '../application/boot.service';
import type { EventService } from '../application/event.service';
import type { FaultService } from '../application/fault.service';
import type { ReportService } from '../application/report.service';
import type { CertificateSigningService } from '../application/certificates/certificate-signing.service';
import type { StationRecordsService } from '../application/station-records.service';
import type { StatusService } from '../application/status.service';
import { NOT_SUPPORTED_2_1, stationHandlers, type HandlerServices } from './handlers';
import type { Logger } from 'pino';
import type { OcspClient } from '@voltlane/pki';
import { NoContractCertificateProvider } from '../application/pnc/contract-certificate-provider';

/** Services that accept everything: these specs check the table and the answers' shapes only. */
function someServices(): HandlerServices {
  const resolve = async (): Promise<undefined> => undefined;
  return {
    boot: { boot: async () => ({ status: 'Accepted', interval: 300, registerWith: null }) } as unknown as BootService,
    status: { report: async () => ({ apply: true, changed: true }) } as unknown as StatusService,
    events: { store: resolve } as unknown as EventService,
    reports: { addPart: async () => false, nextSeqNo: async () => 0 } as unknown as ReportService,
    records: new Proxy({}, { get: () => resolve }) as unknown as StationRecordsService,
    certificates: { received: async () => 'Accepted' } as unknown as CertificateSigningService,
    faults: { record: async () => [] } as unknown as FaultService,
    pnc: {
      ocsp: { check: async () => ({ outcome: 'unreachable', reason: 'no responder in unit specs' }) } as unknown as OcspClient,
      provider: new NoContractCertificateProvider(),
      logger: { warn: () => undefined } as unknown as Logger,
    },
  };
}

function aContext(protocol: OcppVersion, action: string): InboundCallContext {
  return {
    stationId: 'CS-1',
    protocol,
    action,
    messageId: 'm-1',
    connectionId: 'c-1',
    gatewayInstance: 'gw-1',
    receivedAt: new Date('2025-01-23T12:00:00.000Z'),
    answered: false,
  };
}

function answered(version: OcppVersion, handlers: OcppCallHandler[]): string[] {
  return handlers
    .filter((h) => h.versions.includes(version))
    .map((h) => h.action)
    .sort();
}

describe('station-service handler table', () => {
  const handlers = stationHandlers(someServices());

  it.each(OCPP_VERSIONS.map((v) => [v]))('answers exactly the %s actions the contract assigns to station-service', (version) => {
    expect(answered(version, handlers)).toEqual([...actionsAnsweredBy('station-service', version)].sort());
  });

  it('has one handler per action and version', () => {
    const keys = handlers.flatMap((h) => h.versions.map((v) => `${v}:${h.action}`));
    expect(new Set(keys).size).toBe(keys.length);
  });
});

const T = '2025-01-23T12:00:00.000Z';
const component = (name: string, evse?: { id: number; connectorId?: number }) => ({ name, ...(evse ? { evse } : {}) });

/** Schema-valid requests per version and action (their answers are checked against the schemas). */
const REQUESTS: Record<string, Partial<Record<OcppVersion | '2x', Record<string, unknown>>>> = {
  BootNotification: {
    'ocpp1.6': { chargePointVendor: 'Voltlane', chargePointModel: 'VL-1' },
    '2x': { reason: 'PowerUp', chargingStation: { vendorName: 'Voltlane', model: 'VL-2' } },
  },
  Heartbeat: { 'ocpp1.6': {}, '2x': {} },
  StatusNotification: {
    'ocpp1.6': { connectorId: 1, errorCode: 'NoError', status: 'Available' },
    '2x': { timestamp: T, connectorStatus: 'Available', evseId: 1, connectorId: 1 },
  },
  DataTransfer: { 'ocpp1.6': { vendorId: 'acme' }, '2x': { vendorId: 'acme' } },
  FirmwareStatusNotification: { 'ocpp1.6': { status: 'Downloading' }, '2x': { status: 'Downloading', requestId: 1 } },
  SignedFirmwareStatusNotification: { 'ocpp1.6': { status: 'Downloading', requestId: 1 } },
  DiagnosticsStatusNotification: { 'ocpp1.6': { status: 'Uploading' } },
  LogStatusNotification: { 'ocpp1.6': { status: 'Uploading', requestId: 1 }, '2x': { status: 'Uploading', requestId: 1 } },
  SecurityEventNotification: { 'ocpp1.6': { type: 'FirmwareUpdated', timestamp: T }, '2x': { type: 'FirmwareUpdated', timestamp: T } },
  SignCertificate: { 'ocpp1.6': { csr: '-----BEGIN CERTIFICATE REQUEST-----' }, '2x': { csr: '-----BEGIN CERTIFICATE REQUEST-----' } },
  NotifyEvent: {
    '2x': {
      generatedAt: T,
      seqNo: 0,
      eventData: [
        {
          eventId: 1,
          timestamp: T,
          trigger: 'Delta',
          actualValue: 'Occupied',
          component: component('Connector', { id: 1, connectorId: 1 }),
          variable: { name: 'AvailabilityState' },
          eventNotificationType: 'HardWiredNotification',
        },
      ],
    },
  },
  NotifyReport: {
    '2x': {
      requestId: 1,
      generatedAt: T,
      seqNo: 0,
      reportData: [
        { component: component('OCPPCommCtrlr'), variable: { name: 'HeartbeatInterval' }, variableAttribute: [{ value: '300' }] },
      ],
    },
  },
  NotifyMonitoringReport: { '2x': { requestId: 1, seqNo: 0, generatedAt: T } },
  NotifyCustomerInformation: { '2x': { data: 'x', seqNo: 0, generatedAt: T, requestId: 1 } },
  NotifyDisplayMessages: { '2x': { requestId: 1 } },
  PublishFirmwareStatusNotification: { '2x': { status: 'Idle' } },
  Get15118EVCertificate: { '2x': { iso15118SchemaVersion: 'urn:iso:15118:2:2013:MsgDef', action: 'Install', exiRequest: 'AAAA' } },
  GetCertificateStatus: {
    '2x': {
      ocspRequestData: { hashAlgorithm: 'SHA256', issuerNameHash: 'a', issuerKeyHash: 'b', serialNumber: 'c', responderURL: 'http://ocsp' },
    },
  },
};

describe('station-service answers', () => {
  const handlers = stationHandlers(someServices());
  const cases = handlers
    .flatMap((h) => h.versions.map((v) => [v, h.action, h] as const))
    .filter(([, action]) => !(NOT_SUPPORTED_2_1 as readonly string[]).includes(action));

  it.each(cases)('%s %s answers a schema-valid CALLRESULT', async (version, action, handler) => {
    const request = REQUESTS[action]?.[version] ?? REQUESTS[action]?.['2x'];
    expect(request).toBeDefined();
    expect(ocppValidator.validateRequest(version, action, request)).toEqual({ ok: true });
    const answer = await handler.handle(request as Record<string, unknown>, aContext(version, action));
    expect(ocppValidator.validateResponse(version, action, answer)).toEqual({ ok: true });
  });

  it.each(NOT_SUPPORTED_2_1.map((a) => [a]))('2.1 %s is answered NotSupported', async (action) => {
    const handler = handlers.find((h) => h.action === action) as OcppCallHandler;
    await expect(handler.handle({}, aContext('ocpp2.1', action))).rejects.toEqual(expect.objectContaining({ errorName: 'NotSupported' }));
    await expect(handler.handle({}, aContext('ocpp2.1', action))).rejects.toBeInstanceOf(OcppCallError);
  });

  it('answers Get15118EVCertificate and GetCertificateStatus Failed with a reason when no provider / responder answers', async () => {
    const ev = handlers.find((h) => h.action === 'Get15118EVCertificate') as OcppCallHandler;
    expect(
      await ev.handle(
        { iso15118SchemaVersion: 'urn:iso:15118:2:2013:MsgDef', action: 'Install', exiRequest: 'AAAA' },
        aContext('ocpp2.0.1', 'Get15118EVCertificate'),
      ),
    ).toMatchObject({
      status: 'Failed',
      exiResponse: '',
      statusInfo: { reasonCode: 'NoContractProvider' },
    });
    const status = handlers.find((h) => h.action === 'GetCertificateStatus') as OcppCallHandler;
    const ocspRequestData = {
      hashAlgorithm: 'SHA256',
      issuerNameHash: 'a'.repeat(64),
      issuerKeyHash: 'b'.repeat(64),
      serialNumber: '01',
      responderURL: 'http://127.0.0.1:9/',
    };
    expect(await status.handle({ ocspRequestData }, aContext('ocpp2.0.1', 'GetCertificateStatus'))).toMatchObject({
      status: 'Failed',
      statusInfo: { reasonCode: 'OcspUnreachable' },
    });
  });
});
