// A charge point for the OCTT 1.6 Central System conformance suites: it plays the station over a
// real WebSocket (TestStation), records and answers the CSMS's CALLs, checks every answer the
// CSMS gives against the OCPP 1.6 schemas, and drives CSMS-initiated steps through the operator
// API's generic command endpoint (POST /api/v1/stations/{id}/ocpp/{action}).
import { ocppValidator, type v16 } from '@voltlane/ocpp';
import type { CustomerServiceHandle } from '@voltlane/customer-service';
import type { SessionServiceHandle } from '@voltlane/session-service';
import type { StationServiceHandle } from '@voltlane/station-service';
import { uniqueName, waitFor, type Frame, type TestStation } from '@voltlane/testing';
import { StackHarness } from '../stack-harness';

export type Payload = Record<string, unknown>;

/** How the charge point answers one CSMS CALL: a CALLRESULT payload, or a CALLERROR. */
export type CallAnswer = Payload | { callError: string; description?: string };
export type Answerer = CallAnswer | ((payload: Payload) => CallAnswer);

/** A CALL the CSMS sent the charge point, in arrival order. */
export interface ReceivedCall {
  action: string;
  payload: Payload;
  messageId: string;
  at: number;
}

/** The stack used by every conformance file: all charging services and the operator API. */
export function startConformanceStack(gatewayEnv: Record<string, string> = {}): Promise<StackHarness> {
  return StackHarness.start({
    services: ['station', 'customer', 'session', 'metering', 'billing'],
    api: true,
    serviceEnv: { STATION_SERVICE_UNKNOWN_STATIONS: 'accept' },
    gatewayEnv,
  });
}

/** Typed handles of the services a conformance suite queries. */
export function handles(harness: StackHarness): {
  stations: StationServiceHandle;
  sessions: SessionServiceHandle;
  customers: CustomerServiceHandle;
} {
  return {
    stations: harness.service('station') as StationServiceHandle,
    sessions: harness.service('session') as SessionServiceHandle,
    customers: harness.service('customer') as CustomerServiceHandle,
  };
}

/** A fresh charge point id (≤ 48 characters, no ':'). */
export function newChargePointId(tc: string): string {
  return uniqueName(`octt_${tc}`).slice(0, 48);
}

/** Creates a token known to the customer-service and waits until the session-service has it too. */
export async function provisionIdTag(
  harness: StackHarness,
  idTag: string,
  options: { status?: 'Accepted' | 'Blocked' | 'Expired' | 'Invalid'; expiryDate?: string; parentIdTag?: string } = {},
): Promise<void> {
  const { customers, sessions } = handles(harness);
  const customer = await customers.tokens.createCustomer({ name: `OCTT ${idTag}` });
  const token = await customers.tokens.createToken({
    idToken: idTag,
    type: 'ISO14443',
    customerId: customer.id,
    ...(options.status ? { status: options.status } : {}),
    ...(options.expiryDate ? { expiryDate: options.expiryDate } : {}),
    ...(options.parentIdTag ? { groupIdToken: { idToken: options.parentIdTag, type: 'ISO14443' } } : {}),
  });
  await waitFor(async () => (await sessions.tokens.find(token.key)) !== null, {
    timeoutMs: 20_000,
    message: `token ${idTag} in the session read model`,
  });
}

/** A unique idTag (CiString20). */
export function newIdTag(prefix = 'TAG'): string {
  return `${prefix}${Math.random().toString(36).slice(2, 10)}`.toUpperCase().slice(0, 20);
}

export function isoAgo(ms: number): string {
  return new Date(Date.now() - ms).toISOString();
}

export class ChargePoint16 {
  readonly received: ReceivedCall[] = [];
  private readonly answers = new Map<string, Answerer>();

  private constructor(
    readonly harness: StackHarness,
    readonly id: string,
    public ws: TestStation,
  ) {
    this.attach(ws);
  }

  /** Connects as `ocpp1.6` (provisioning the Basic-auth credentials first). */
  static async connect(harness: StackHarness, id: string): Promise<ChargePoint16> {
    const ws = await harness.connect(id, 'ocpp1.6');
    expect(ws.protocol).toBe('ocpp1.6');
    return new ChargePoint16(harness, id, ws);
  }

  /** Plays the charge point on a WebSocket the test opened itself (e.g. over TLS). */
  static attach(harness: StackHarness, id: string, ws: TestStation): ChargePoint16 {
    return new ChargePoint16(harness, id, ws);
  }

  /** Connects and boots (Accepted), then reports every connector Available. */
  static async booted(harness: StackHarness, id: string, connectors = 1): Promise<ChargePoint16> {
    const cp = await ChargePoint16.connect(harness, id);
    await cp.boot();
    for (let c = 0; c <= connectors; c += 1) await cp.status(c, 'Available');
    return cp;
  }

  /** Closes the WebSocket and opens a new one (a reboot, a reconnect after being offline). */
  async reconnect(): Promise<void> {
    await this.ws.close();
    await waitFor(async () => (await this.harness.registry.lookup(this.id)) === null, {
      timeoutMs: 10_000,
      message: `${this.id} unregistered`,
    }).catch(() => undefined);
    this.ws = await this.harness.connect(this.id, 'ocpp1.6');
    this.attach(this.ws);
  }

  /** Sets how this charge point answers a CSMS CALL (until changed). */
  answer(action: string, answer: Answerer): void {
    this.answers.set(action, answer);
  }

  /** Resolves with the CALLs of `action` the CSMS sent, once there are at least `count`. */
  async receivedCalls(action: string, count = 1, timeoutMs = 10_000): Promise<ReceivedCall[]> {
    await waitFor(() => this.received.filter((c) => c.action === action).length >= count, {
      timeoutMs,
      message: `${count} × ${action} received by ${this.id}`,
    });
    return this.received.filter((c) => c.action === action);
  }

  /** Sends a CALL; expects a CALLRESULT whose payload fits the 1.6 response schema, and returns it. */
  async call<T = Payload>(action: string, payload: Payload): Promise<T> {
    const frame = await this.ws.call(action, payload);
    if (frame[0] !== 3) throw new Error(`${action} answered with ${JSON.stringify(frame)}`);
    const answer = frame[2] as Payload;
    const check = ocppValidator.validateResponse('ocpp1.6', action, answer);
    if (!check.ok) throw new Error(`${action}.conf does not fit the 1.6 schema (${check.message}): ${JSON.stringify(answer)}`);
    return answer as T;
  }

  /** Sends a CALL and returns the raw answer frame (CALLRESULT or CALLERROR). */
  rawCall(action: string, payload: Payload): Promise<Frame> {
    return this.ws.call(action, payload);
  }

  async boot(extra: Partial<v16.BootNotificationRequest> = {}): Promise<v16.BootNotificationResponse> {
    const conf = await this.call<v16.BootNotificationResponse>('BootNotification', {
      chargePointVendor: 'Voltlane',
      chargePointModel: 'OCTT-16',
      chargePointSerialNumber: `SN-${this.id}`.slice(0, 25),
      firmwareVersion: '1.0.0',
      ...extra,
    });
    expect(conf.status).toBe('Accepted');
    expect(Number.isInteger(conf.interval)).toBe(true);
    expect(conf.interval).toBeGreaterThan(0);
    expect(Math.abs(Date.parse(conf.currentTime) - Date.now())).toBeLessThan(4_000);
    return conf;
  }

  async status(
    connectorId: number,
    status: v16.StatusNotificationRequest['status'],
    errorCode: v16.StatusNotificationRequest['errorCode'] = 'NoError',
    extra: Payload = {},
  ): Promise<void> {
    expect(
      await this.call('StatusNotification', { connectorId, errorCode, status, timestamp: new Date().toISOString(), ...extra }),
    ).toEqual({});
  }

  async heartbeat(): Promise<string> {
    const conf = await this.call<v16.HeartbeatResponse>('Heartbeat', {});
    expect(Math.abs(Date.parse(conf.currentTime) - Date.now())).toBeLessThan(4_000);
    return conf.currentTime;
  }

  async authorize(idTag: string): Promise<v16.AuthorizeResponse['idTagInfo']> {
    return (await this.call<v16.AuthorizeResponse>('Authorize', { idTag })).idTagInfo;
  }

  async startTransaction(
    idTag: string,
    options: { connectorId?: number; meterStart?: number; timestamp?: string; reservationId?: number } = {},
  ): Promise<v16.StartTransactionResponse> {
    const conf = await this.call<v16.StartTransactionResponse>('StartTransaction', {
      connectorId: options.connectorId ?? 1,
      idTag,
      meterStart: options.meterStart ?? 1_000,
      timestamp: options.timestamp ?? new Date().toISOString(),
      ...(options.reservationId !== undefined ? { reservationId: options.reservationId } : {}),
    });
    expect(Number.isInteger(conf.transactionId)).toBe(true);
    return conf;
  }

  async meterValues(transactionId: number, wh: number, connectorId = 1, timestamp = new Date().toISOString()): Promise<void> {
    const conf = await this.call('MeterValues', {
      connectorId,
      transactionId,
      meterValue: [
        {
          timestamp,
          sampledValue: [{ value: String(wh), measurand: 'Energy.Active.Import.Register', unit: 'Wh', context: 'Sample.Periodic' }],
        },
      ],
    });
    expect(conf).toEqual({});
  }

  async stopTransaction(
    transactionId: number,
    options: { meterStop?: number; timestamp?: string; reason?: v16.StopTransactionRequest['reason']; idTag?: string } = {},
  ): Promise<v16.StopTransactionResponse> {
    return this.call<v16.StopTransactionResponse>('StopTransaction', {
      transactionId,
      meterStop: options.meterStop ?? 2_000,
      timestamp: options.timestamp ?? new Date().toISOString(),
      ...(options.reason ? { reason: options.reason } : {}),
      ...(options.idTag ? { idTag: options.idTag } : {}),
    });
  }

  /**
   * A running transaction on connector 1 (Preparing, Authorize, StartTransaction, Charging),
   * as in OCTT's reusable state "Charging"; returns the CSMS's transactionId.
   */
  async charging(idTag: string, connectorId = 1): Promise<number> {
    await this.status(connectorId, 'Preparing');
    expect((await this.authorize(idTag)).status).toBe('Accepted');
    const started = await this.startTransaction(idTag, { connectorId });
    expect(started.idTagInfo.status).toBe('Accepted');
    expect(started.transactionId).toBeGreaterThan(0);
    await this.status(connectorId, 'Charging');
    return started.transactionId;
  }

  /**
   * Sends `action` to this charge point through the operator API's generic command endpoint and
   * returns the HTTP answer. The CALL the charge point received must fit the 1.6 request schema.
   */
  async command(action: string, payload: Payload): Promise<{ status: number; body: any }> {
    const before = this.received.filter((c) => c.action === action).length;
    const response = await this.harness.api.request('POST', `/api/v1/stations/${encodeURIComponent(this.id)}/ocpp/${action}`, payload);
    const sent = this.received.filter((c) => c.action === action);
    if (sent.length > before) {
      const check = ocppValidator.validateRequest('ocpp1.6', action, sent[sent.length - 1].payload);
      if (!check.ok) throw new Error(`${action}.req sent by the CSMS does not fit the 1.6 schema: ${check.message}`);
    }
    return { status: response.status, body: response.body };
  }

  /** `command`, expecting 200 with the charge point's CALLRESULT; returns that result. */
  async commandResult<T = Payload>(action: string, payload: Payload): Promise<T> {
    const response = await this.command(action, payload);
    if (response.status !== 200) {
      throw new Error(`POST /api/v1/stations/${this.id}/ocpp/${action} answered ${response.status}: ${JSON.stringify(response.body)}`);
    }
    expect(response.body).toMatchObject({ protocol: 'ocpp1.6' });
    const sent = await this.receivedCalls(action);
    expect(sent[sent.length - 1].payload).toMatchObject(payload);
    return response.body.result as T;
  }

  close(): Promise<unknown> {
    return this.ws.close();
  }

  private attach(ws: TestStation): void {
    ws.onCall = (action, payload, messageId) => {
      this.received.push({ action, payload, messageId, at: Date.now() });
      const answerer = this.answers.get(action) ?? defaultAnswer(action);
      if (answerer === undefined) return [4, messageId, 'NotImplemented', `${action} not scripted`, {}];
      const answer = typeof answerer === 'function' ? answerer(payload) : answerer;
      if (typeof answer.callError === 'string')
        return [4, messageId, answer.callError, typeof answer.description === 'string' ? answer.description : '', {}];
      return [3, messageId, answer];
    };
  }
}

/** What a compliant charge point answers when the test does not script otherwise. */
function defaultAnswer(action: string): CallAnswer | undefined {
  switch (action) {
    case 'ChangeAvailability':
    case 'ChangeConfiguration':
    case 'ClearCache':
    case 'RemoteStartTransaction':
    case 'RemoteStopTransaction':
    case 'Reset':
    case 'ReserveNow':
    case 'CancelReservation':
    case 'SetChargingProfile':
    case 'ClearChargingProfile':
    case 'TriggerMessage':
    case 'SendLocalList':
    case 'CertificateSigned':
    case 'InstallCertificate':
    case 'DeleteCertificate':
    case 'SignedUpdateFirmware':
    case 'ExtendedTriggerMessage':
      return { status: 'Accepted' };
    case 'GetDiagnostics':
      return { fileName: 'diagnostics.zip' };
    case 'GetLog':
      return { status: 'Accepted', filename: 'log.zip' };
    case 'UnlockConnector':
      return { status: 'Unlocked' };
    case 'GetLocalListVersion':
      return { listVersion: 0 };
    case 'UpdateFirmware':
      return {};
    default:
      return undefined;
  }
}

/** Rows of one of a service's own tables (its schema is on the search_path). */
export async function rowsOf<T = Record<string, any>>(
  harness: StackHarness,
  service: 'station' | 'session' | 'customer',
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  return harness.service(service).dataSource.query<T[]>(sql, params);
}

/** The stored current status of a 1.6 connector (1.6 connectors sit under EVSE 0). */
export async function storedConnector(
  harness: StackHarness,
  stationId: string,
  connectorId: number,
): Promise<{ status: string; errorCode: string | null } | undefined> {
  return (await handles(harness).stations.stations.connectors(stationId)).find((c) => c.connectorId === connectorId);
}

/** Waits until connector `connectorId` is stored with `status` (and `errorCode`, when given). */
export async function waitForConnector(
  harness: StackHarness,
  stationId: string,
  connectorId: number,
  status: string,
  errorCode?: string,
): Promise<void> {
  await waitFor(
    async () => {
      const c = await storedConnector(harness, stationId, connectorId);
      return c?.status === status && (errorCode === undefined || c.errorCode === errorCode);
    },
    { timeoutMs: 15_000, message: `${stationId} connector ${connectorId} stored as ${status}${errorCode ? `/${errorCode}` : ''}` },
  );
}

/** Waits for the session of a 1.6 transaction to satisfy `predicate`; returns it. */
export async function waitForSession(
  harness: StackHarness,
  stationId: string,
  transactionId: number,
  predicate: (s: NonNullable<Awaited<ReturnType<SessionServiceHandle['sessions']['findByTransaction']>>>) => boolean = () => true,
  message = 'session stored',
) {
  const { sessions } = handles(harness);
  await waitFor(
    async () => {
      const s = await sessions.sessions.findByTransaction(stationId, transactionId);
      return s !== null && predicate(s);
    },
    { timeoutMs: 15_000, message: `${stationId} tx ${transactionId}: ${message}` },
  );
  return (await sessions.sessions.findByTransaction(stationId, transactionId))!;
}
