// A charging station for the OCTT 2.0.1 CSMS conformance suites: it plays the station over a real
// WebSocket (TestStation), records and answers the CSMS's CALLs, checks every answer the CSMS gives
// against the official OCPP 2.0.1 schemas, numbers TransactionEvents per transaction (seqNo from 0,
// TC_E_53), and drives CSMS-initiated steps through the operator API's generic command endpoint
// (POST /api/v1/stations/{id}/ocpp/{action}).
import { randomUUID } from 'node:crypto';
import { ocppValidator, type v201 } from '@voltlane/ocpp';
import type { CustomerServiceHandle } from '@voltlane/customer-service';
import type { SessionServiceHandle } from '@voltlane/session-service';
import type { StationServiceHandle } from '@voltlane/station-service';
import type { MeteringServiceHandle } from '@voltlane/metering-service';
import { TestStation, basicAuth, uniqueName, waitFor, type Frame } from '@voltlane/testing';
import { STATION_PASSWORD, StackHarness } from '../stack-harness';

export type Payload = Record<string, any>;
/** A database row as the pg driver returns it. */
export type Row = Record<string, string | number | boolean | null | object>;
export const V201 = 'ocpp2.0.1' as const;

/** How the station answers one CSMS CALL: a CALLRESULT payload, or a CALLERROR. */
export type CallAnswer = Payload | { callError: string; description?: string };
/** A station's answer to a CSMS CALL; a promise is answered when it settles (a station that acts first). */
export type Answerer = CallAnswer | ((payload: Payload) => CallAnswer | Promise<CallAnswer>);

/** A CALL the CSMS sent the station, in arrival order. */
export interface ReceivedCall {
  action: string;
  payload: Payload;
  messageId: string;
  at: number;
}

/** The stack used by every 2.0.1 conformance file: all charging services and the operator API. */
export function startConformanceStack201(): Promise<StackHarness> {
  return StackHarness.start({
    services: ['station', 'customer', 'session', 'metering', 'billing'],
    api: true,
    serviceEnv: { STATION_SERVICE_UNKNOWN_STATIONS: 'accept' },
  });
}

/** Typed handles of the services a conformance suite queries. */
export function services201(harness: StackHarness): {
  stations: StationServiceHandle;
  sessions: SessionServiceHandle;
  customers: CustomerServiceHandle;
  metering: MeteringServiceHandle;
} {
  return {
    stations: harness.service('station') as StationServiceHandle,
    sessions: harness.service('session') as SessionServiceHandle,
    customers: harness.service('customer') as CustomerServiceHandle,
    metering: harness.service('metering') as MeteringServiceHandle,
  };
}

/** A fresh station id (≤ 48 characters, no ':'). */
export function newStationId(tc: string): string {
  return uniqueName(`octt201_${tc}`).slice(0, 48);
}

/** A unique idToken value (≤ 36 characters). */
export function newIdToken(prefix = 'TOK'): string {
  return `${prefix}${randomUUID().replace(/-/g, '').slice(0, 12)}`.toUpperCase().slice(0, 36);
}

export function idTokenOf(value: string, type: v201.IdTokenEnumType = 'ISO14443'): v201.IdTokenType {
  return { idToken: value, type };
}

/**
 * Creates an id token in the customer-service (optionally Blocked/Expired/Invalid, in a group) and
 * waits until the session-service's read model has it too. Returns the 2.0.1 IdTokenType.
 */
export async function provisionIdToken(
  harness: StackHarness,
  value: string,
  options: {
    status?: 'Accepted' | 'Blocked' | 'Expired' | 'Invalid';
    expiryDate?: string;
    group?: string;
    type?: v201.IdTokenEnumType;
  } = {},
): Promise<v201.IdTokenType> {
  const { customers, sessions } = services201(harness);
  const type = options.type ?? 'ISO14443';
  const customer = await customers.tokens.createCustomer({ name: `OCTT201 ${value}` });
  const token = await customers.tokens.createToken({
    idToken: value,
    type,
    customerId: customer.id,
    ...(options.status ? { status: options.status } : {}),
    ...(options.expiryDate ? { expiryDate: options.expiryDate } : {}),
    ...(options.group ? { groupIdToken: { idToken: options.group, type: 'Central' } } : {}),
  });
  await waitFor(async () => (await sessions.tokens.find(token.key)) !== null, {
    timeoutMs: 20_000,
    message: `token ${value} in the session read model`,
  });
  return { idToken: value, type };
}

/** Rows of one of a service's own tables (its schema is on the search_path). */
export async function rows201<T = Row>(
  harness: StackHarness,
  service: 'station' | 'session' | 'customer' | 'metering',
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  return harness.service(service).dataSource.query<T[]>(sql, params);
}

/** Waits until `query` returns at least `count` rows; returns them. */
export async function waitForRows<T = Row>(
  harness: StackHarness,
  service: 'station' | 'session' | 'customer' | 'metering',
  sql: string,
  params: unknown[],
  count = 1,
  message = sql,
): Promise<T[]> {
  let found: T[] = [];
  await waitFor(async () => (found = await rows201<T>(harness, service, sql, params)).length >= count, { timeoutMs: 15_000, message });
  return found;
}

export function iso(at: number = Date.now()): string {
  return new Date(at).toISOString();
}

/** A sampled Energy.Active.Import.Register value in Wh. */
export function energyValue(
  wh: number,
  context: v201.ReadingContextEnumType = 'Sample.Periodic',
  at: number = Date.now(),
  extra: Payload = {},
): v201.MeterValueType {
  return {
    timestamp: iso(at),
    sampledValue: [{ value: wh, context, measurand: 'Energy.Active.Import.Register', unitOfMeasure: { unit: 'Wh' }, ...extra }],
  };
}

/** A signed Energy.Active.Import.Register value (J_04 / J_11). */
export function signedEnergyValue(wh: number, context: v201.ReadingContextEnumType, at: number = Date.now()): v201.MeterValueType {
  return energyValue(wh, context, at, {
    signedMeterValue: {
      signedMeterData: Buffer.from(`OCMF|{"RD":[{"RV":${wh / 1000},"RI":"1-b:1.8.0","RU":"kWh"}]}`).toString('base64'),
      signingMethod: 'ECDSA-secp256r1-SHA256',
      encodingMethod: 'OCMF',
      publicKey: Buffer.from('octt-public-key').toString('base64'),
    },
  });
}

/** One transaction of the station: its id, EVSE and its own seqNo counter (starting at 0). */
export class Transaction201 {
  readonly id: string = randomUUID();
  private seq = 0;
  constructor(
    readonly evseId = 1,
    readonly connectorId = 1,
  ) {}
  nextSeqNo(): number {
    return this.seq++;
  }
}

export interface EventOptions {
  chargingState?: v201.ChargingStateEnumType;
  idToken?: v201.IdTokenType;
  meterValue?: v201.MeterValueType[];
  stoppedReason?: v201.ReasonEnumType;
  remoteStartId?: number;
  timeSpentCharging?: number;
  offline?: boolean;
  /** Omit the evse field (only the first event of a transaction on an EVSE must carry it). */
  withoutEvse?: boolean;
  timestamp?: string;
  extra?: Payload;
}

export class Station201 {
  readonly received: ReceivedCall[] = [];
  private readonly answers = new Map<string, Answerer>();
  /** Every CALL this station sent, in order (action and its answer frame). */
  readonly sent: { action: string; payload: Payload; answer: Frame }[] = [];

  private constructor(
    readonly harness: StackHarness,
    readonly id: string,
    public ws: TestStation,
  ) {
    this.attach(ws);
  }

  /** Wraps a WebSocket the test opened itself (e.g. over TLS with a client certificate). */
  static attach(harness: StackHarness, id: string, ws: TestStation): Station201 {
    expect(ws.protocol).toBe(V201);
    return new Station201(harness, id, ws);
  }

  /** Connects as `ocpp2.0.1` (provisioning the Basic-auth credentials first). */
  static async connect(harness: StackHarness, id: string): Promise<Station201> {
    const ws = await harness.connect(id, V201);
    expect(ws.protocol).toBe(V201);
    return new Station201(harness, id, ws);
  }

  /** Connects and boots (Accepted), then reports every connector Available. */
  static async booted(harness: StackHarness, id: string, evses = 1): Promise<Station201> {
    const cs = await Station201.connect(harness, id);
    await cs.boot();
    for (let evse = 1; evse <= evses; evse += 1) await cs.status(evse, 1, 'Available');
    return cs;
  }

  /** Closes the WebSocket and opens a new one (a reboot). */
  async reconnect(): Promise<void> {
    await this.ws.close();
    await waitFor(async () => (await this.harness.registry.lookup(this.id)) === null, {
      timeoutMs: 10_000,
      message: `${this.id} unregistered`,
    }).catch(() => undefined);
    this.ws = await TestStation.connect(this.harness.stationUrl(this.id), [V201], { headers: basicAuth(this.id, STATION_PASSWORD) });
    await waitFor(async () => (await this.harness.registry.lookup(this.id)) !== null, { message: `${this.id} registered again` });
    this.attach(this.ws);
  }

  /** Sets how this station answers a CSMS CALL (until changed). */
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

  /** Sends a CALL; expects a CALLRESULT whose payload fits the 2.0.1 response schema, and returns it. */
  async call<T = Payload>(action: string, payload: Payload): Promise<T> {
    const request = ocppValidator.validateRequest(V201, action, payload);
    if (!request.ok) throw new Error(`test bug: ${action}Request does not fit the 2.0.1 schema (${request.message})`);
    const frame = await this.ws.call(action, payload);
    this.sent.push({ action, payload, answer: frame });
    if (frame[0] !== 3) throw new Error(`${action} answered with ${JSON.stringify(frame)}`);
    const answer = frame[2] as Payload;
    const check = ocppValidator.validateResponse(V201, action, answer);
    if (!check.ok) throw new Error(`${action}Response does not fit the 2.0.1 schema (${check.message}): ${JSON.stringify(answer)}`);
    return answer as T;
  }

  /** Sends a CALL and returns the raw answer frame (CALLRESULT or CALLERROR). */
  async rawCall(action: string, payload: Payload): Promise<Frame> {
    const frame = await this.ws.call(action, payload);
    this.sent.push({ action, payload, answer: frame });
    return frame;
  }

  async boot(
    extra: Partial<v201.BootNotificationRequest> = {},
    expected: v201.RegistrationStatusEnumType = 'Accepted',
  ): Promise<v201.BootNotificationResponse> {
    const conf = await this.call<v201.BootNotificationResponse>('BootNotification', {
      reason: 'PowerUp',
      chargingStation: { model: 'OCTT-201', vendorName: 'Voltlane', serialNumber: `SN-${this.id}`.slice(0, 25), firmwareVersion: '1.0.0' },
      ...extra,
    });
    expect(conf.status).toBe(expected);
    expect(Number.isInteger(conf.interval)).toBe(true);
    expect(conf.interval).toBeGreaterThan(0);
    expect(Math.abs(Date.parse(conf.currentTime) - Date.now())).toBeLessThan(4_000);
    return conf;
  }

  async status(evseId: number, connectorId: number, connectorStatus: v201.ConnectorStatusEnumType, timestamp = iso()): Promise<void> {
    expect(await this.call('StatusNotification', { timestamp, connectorStatus, evseId, connectorId })).toEqual({});
  }

  async heartbeat(): Promise<string> {
    const conf = await this.call<v201.HeartbeatResponse>('Heartbeat', {});
    expect(Math.abs(Date.parse(conf.currentTime) - Date.now())).toBeLessThan(4_000);
    return conf.currentTime;
  }

  async authorize(idToken: v201.IdTokenType): Promise<v201.IdTokenInfoType> {
    const conf = await this.call<v201.AuthorizeResponse>('Authorize', { idToken });
    expect(conf.idTokenInfo).toBeDefined();
    return conf.idTokenInfo;
  }

  /** A TransactionEvent of `tx` with the next seqNo; returns the (schema-checked) answer. */
  async event(
    tx: Transaction201,
    eventType: v201.TransactionEventEnumType,
    triggerReason: v201.TriggerReasonEnumType,
    options: EventOptions = {},
  ): Promise<v201.TransactionEventResponse> {
    const transactionInfo: Payload = { transactionId: tx.id };
    if (options.chargingState) transactionInfo.chargingState = options.chargingState;
    if (options.stoppedReason) transactionInfo.stoppedReason = options.stoppedReason;
    if (options.remoteStartId !== undefined) transactionInfo.remoteStartId = options.remoteStartId;
    if (options.timeSpentCharging !== undefined) transactionInfo.timeSpentCharging = options.timeSpentCharging;
    const payload: Payload = {
      eventType,
      timestamp: options.timestamp ?? iso(),
      triggerReason,
      seqNo: tx.nextSeqNo(),
      transactionInfo,
      ...(options.withoutEvse ? {} : { evse: { id: tx.evseId, connectorId: tx.connectorId } }),
      ...(options.idToken ? { idToken: options.idToken } : {}),
      ...(options.meterValue ? { meterValue: options.meterValue } : {}),
      ...(options.offline ? { offline: true } : {}),
      ...options.extra,
    };
    const answer = await this.call<v201.TransactionEventResponse>('TransactionEvent', payload);
    // OCTT: idTokenInfo is present in the response when the request carried an idToken.
    if (options.idToken) expect(answer.idTokenInfo).toBeDefined();
    return answer;
  }

  /**
   * OCTT's reusable state "EnergyTransferStarted" (TxStartPoint EVConnected,Authorized): cable
   * plugged in (Started, CablePluggedIn), authorized (Updated, Authorized), charging (Updated,
   * ChargingStateChanged). Returns the transaction.
   */
  async charging(idToken: v201.IdTokenType, evseId = 1, meterStartWh = 1_000): Promise<Transaction201> {
    const tx = new Transaction201(evseId, 1);
    await this.status(evseId, 1, 'Occupied');
    await this.event(tx, 'Started', 'CablePluggedIn', {
      chargingState: 'EVConnected',
      meterValue: [energyValue(meterStartWh, 'Transaction.Begin')],
    });
    expect((await this.authorize(idToken)).status).toBe('Accepted');
    const authorized = await this.event(tx, 'Updated', 'Authorized', { idToken });
    expect(authorized.idTokenInfo?.status).toBe('Accepted');
    await this.event(tx, 'Updated', 'ChargingStateChanged', { chargingState: 'Charging' });
    return tx;
  }

  /**
   * Sends `action` to this station through the operator API's generic command endpoint and returns
   * the HTTP answer. The CALL the station received must fit the 2.0.1 request schema.
   */
  async command(action: string, payload: Payload): Promise<{ status: number; body: any }> {
    const before = this.received.filter((c) => c.action === action).length;
    const response = await this.harness.api.request('POST', `/api/v1/stations/${encodeURIComponent(this.id)}/ocpp/${action}`, payload);
    const sent = this.received.filter((c) => c.action === action);
    if (sent.length > before) {
      const check = ocppValidator.validateRequest(V201, action, sent[sent.length - 1].payload);
      if (!check.ok) throw new Error(`${action}Request sent by the CSMS does not fit the 2.0.1 schema: ${check.message}`);
    }
    return { status: response.status, body: response.body };
  }

  /** `command`, expecting 200 with the station's CALLRESULT; returns that result. */
  async commandResult<T = Payload>(action: string, payload: Payload): Promise<T> {
    const response = await this.command(action, payload);
    if (response.status !== 200) {
      throw new Error(`POST /api/v1/stations/${this.id}/ocpp/${action} answered ${response.status}: ${JSON.stringify(response.body)}`);
    }
    expect(response.body).toMatchObject({ protocol: V201 });
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
      const answerer = this.answers.get(action) ?? defaultAnswer201(action);
      if (answerer === undefined) return [4, messageId, 'NotImplemented', `${action} not scripted`, {}];
      const answer = typeof answerer === 'function' ? answerer(payload) : answerer;
      const frameOf = (a: CallAnswer): unknown[] =>
        typeof a.callError === 'string' ? [4, messageId, a.callError, String(a.description ?? ''), {}] : [3, messageId, a];
      if (!(answer instanceof Promise)) return frameOf(answer);
      void answer.then((a) => ws.sendRaw(JSON.stringify(frameOf(a))));
      return null;
    };
  }
}

/** What a compliant 2.0.1 station answers when the test does not script otherwise. */
export function defaultAnswer201(action: string): CallAnswer | undefined {
  switch (action) {
    case 'ChangeAvailability':
    case 'ClearCache':
    case 'Reset':
    case 'RequestStartTransaction':
    case 'RequestStopTransaction':
    case 'TriggerMessage':
    case 'SetNetworkProfile':
    case 'GetBaseReport':
    case 'GetReport':
    case 'UpdateFirmware':
    case 'InstallCertificate':
    case 'DeleteCertificate':
    case 'CertificateSigned':
    case 'CustomerInformation':
    case 'SendLocalList':
      return { status: 'Accepted' };
    case 'UnlockConnector':
      return { status: 'Unlocked' };
    case 'GetLocalListVersion':
      return { versionNumber: 0 };
    case 'GetTransactionStatus':
      return { messagesInQueue: false };
    case 'GetLog':
      return { status: 'Accepted', filename: 'octt.log' };
    case 'GetInstalledCertificateIds':
      return { status: 'NotFound' };
    case 'DataTransfer':
      return { status: 'UnknownVendorId' };
    case 'SetVariables':
      return (p: Payload) => ({
        setVariableResult: (p.setVariableData as Payload[]).map((d) => ({
          attributeType: d.attributeType ?? 'Actual',
          attributeStatus: 'Accepted',
          component: d.component,
          variable: d.variable,
        })),
      });
    case 'GetVariables':
      return (p: Payload) => ({
        getVariableResult: (p.getVariableData as Payload[]).map((d) => ({
          attributeStatus: 'Accepted',
          attributeType: d.attributeType ?? 'Actual',
          attributeValue: '1',
          component: d.component,
          variable: d.variable,
        })),
      });
    default:
      return undefined;
  }
}

/** Connects with explicit Basic-auth credentials; resolves the station or rejects (HandshakeRefused). */
export function connectWithCredentials(harness: StackHarness, urlId: string, username: string, password: string): Promise<TestStation> {
  return TestStation.connect(harness.stationUrl(urlId), [V201], { headers: basicAuth(username, password) });
}

/** The stored station row (station-service). */
export async function storedStation(harness: StackHarness, id: string) {
  return services201(harness).stations.stations.station(id);
}

/** Waits until EVSE `evseId` connector `connectorId` is stored with `status`. */
export async function waitForConnector201(
  harness: StackHarness,
  stationId: string,
  evseId: number,
  connectorId: number,
  status: string,
): Promise<void> {
  const { stations } = services201(harness);
  await waitFor(
    async () =>
      (await stations.stations.connectors(stationId)).some(
        (c) => c.evseId === evseId && c.connectorId === connectorId && c.status === status,
      ),
    { timeoutMs: 15_000, message: `${stationId} EVSE ${evseId} connector ${connectorId} stored as ${status}` },
  );
}

type StoredSession = NonNullable<Awaited<ReturnType<SessionServiceHandle['sessions']['findByTransaction']>>>;

/** Waits for the session of a 2.0.1 transaction to satisfy `predicate`; returns it. */
export async function waitForSession201(
  harness: StackHarness,
  stationId: string,
  tx: Transaction201 | string,
  predicate: (s: StoredSession) => boolean = () => true,
  message = 'session stored',
): Promise<StoredSession> {
  const { sessions } = services201(harness);
  const ref = typeof tx === 'string' ? tx : tx.id;
  let found: StoredSession | null = null;
  await waitFor(
    async () => {
      found = await sessions.sessions.findByTransaction(stationId, ref);
      return found !== null && predicate(found);
    },
    { timeoutMs: 15_000, message: `${stationId} tx ${ref}: ${message}` },
  );
  return found as unknown as StoredSession;
}

/** The stored TransactionEvents of a transaction, in seqNo order. */
export async function storedEvents(harness: StackHarness, stationId: string, tx: Transaction201): Promise<Row[]> {
  const session = await services201(harness).sessions.sessions.findByTransaction(stationId, tx.id);
  if (!session) return [];
  return rows201(harness, 'session', 'SELECT * FROM transaction_event WHERE session_id = $1 ORDER BY seq_no', [session.id]);
}

/** A self-signed EC root certificate (CN=OCTT Root) for InstallCertificate / firmware signing. */
export const OCTT_ROOT_PEM = `-----BEGIN CERTIFICATE-----
MIIBfTCCASOgAwIBAgIUMI8fHNzBphNLWTY6smUPl8uszD0wCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJT0NUVCBSb290MB4XDTI2MTEyNDA4MDI1NVoXDTM2MTEyMTA4
MDI1NVowFDESMBAGA1UEAwwJT0NUVCBSb290MFkwEwYHKoZIzj0CAQYIKoZIzj0D
AQcDQgAEQf3j8flhct07b0zgq+NQSXR3+OH25XxEXVA5cOpbEpmfodZAg2yFZI+e
xw/ZCcKtjPr7RK1j+8fw8JWadSUzLqNTMFEwHQYDVR0OBBYEFC48P/AJWEq4Bc5m
ieQ2RoIm+PzyMB8GA1UdIwQYMBaAFC48P/AJWEq4Bc5mieQ2RoIm+PzyMA8GA1Ud
EwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIhAMb7YMmTfNYAeJUNRK6cLIOq
H2jrM8FbMUoo+/8jmEu4AiAnDNahrRr8/Y0VApHIdaFFQcXpJaKUHD+aO0b1QFMT
4Q==
-----END CERTIFICATE-----`;

/** Waits for the station-service's records of `action` commands answered by `stationId`; returns them in order. */
export function waitForCommandRecords(harness: StackHarness, stationId: string, action: string, count = 1): Promise<Row[]> {
  return waitForRows(
    harness,
    'station',
    'SELECT * FROM station_command_record WHERE station_id = $1 AND action = $2 ORDER BY id',
    [stationId, action],
    count,
    `${count} × ${action} record of ${stationId}`,
  );
}

/** The stored value (attribute `type`) of a device-model variable, or undefined. */
export async function storedVariable(
  harness: StackHarness,
  stationId: string,
  component: string,
  variable: string,
  type = 'Actual',
): Promise<string | undefined> {
  const model = await services201(harness).stations.stations.deviceModel(stationId);
  const row = model.find((v) => v.componentName === component && v.variableName === variable);
  const attributes: unknown = row?.attributes;
  const list: { type?: string; value?: string }[] = Array.isArray(attributes) ? attributes : [];
  return list.find((a) => (a.type ?? 'Actual') === type)?.value;
}
