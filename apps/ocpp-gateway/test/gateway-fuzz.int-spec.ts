import { isUtf8 } from 'node:buffer';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { TestStation, basicAuth, uniqueName, waitFor } from '@voltlane/testing';
import { GatewayTestKit } from './gateway-test-kit';

const PASSWORD = 'fuzzing-password-0042';
const PROTOCOLS = ['ocpp1.6', 'ocpp2.0.1', 'ocpp2.1'] as const;
type Protocol = (typeof PROTOCOLS)[number];
const MAX_FRAME_BYTES = 262_144;
const REPLY_TIMEOUT_MS = 600;

/** The CALLERROR codes of OCPP 2.0.1 and 2.1, which share them (ocpp-reference.md 1.4). */
const V2_ERROR_CODES = new Set([
  'NotImplemented',
  'NotSupported',
  'InternalError',
  'ProtocolError',
  'SecurityError',
  'FormatViolation',
  'PropertyConstraintViolation',
  'OccurrenceConstraintViolation',
  'TypeConstraintViolation',
  'GenericError',
  'MessageTypeNotSupported',
  'RpcFrameworkError',
]);

/** The CALLERROR codes each version prescribes (ocpp-reference.md 1.4). */
const ERROR_CODES: Record<Protocol, Set<string>> = {
  'ocpp1.6': new Set([
    'NotImplemented',
    'NotSupported',
    'InternalError',
    'ProtocolError',
    'SecurityError',
    'FormationViolation',
    'PropertyConstraintViolation',
    'OccurenceConstraintViolation',
    'TypeConstraintViolation',
    'GenericError',
  ]),
  'ocpp2.0.1': V2_ERROR_CODES,
  'ocpp2.1': V2_ERROR_CODES,
};

const now = '2026-01-01T00:00:00Z';
const V2_CALLS: [string, Record<string, unknown>][] = [
  ['BootNotification', { reason: 'PowerUp', chargingStation: { model: 'M', vendorName: 'V', modem: { iccid: '1', imsi: '2' } } }],
  ['StatusNotification', { timestamp: now, connectorStatus: 'Available', evseId: 1, connectorId: 1 }],
  ['Authorize', { idToken: { idToken: 'TAG-1', type: 'ISO14443' } }],
  [
    'MeterValues',
    { evseId: 1, meterValue: [{ timestamp: now, sampledValue: [{ value: 12.5, measurand: 'Energy.Active.Import.Register' }] }] },
  ],
  ['Heartbeat', {}],
  ['DataTransfer', { vendorId: 'acme', messageId: 'x', data: { nested: [1, { a: 'b' }] } }],
];
/** Valid CALLs of each version, the material the mutations start from. */
const VALID_CALLS: Record<Protocol, [string, Record<string, unknown>][]> = {
  'ocpp1.6': [
    ['BootNotification', { chargePointVendor: 'V', chargePointModel: 'M', meterSerialNumber: 'S' }],
    ['StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' }],
    ['Authorize', { idTag: 'TAG-1' }],
    ['MeterValues', { connectorId: 1, meterValue: [{ timestamp: now, sampledValue: [{ value: '10', unit: 'Wh' }] }] }],
    ['Heartbeat', {}],
    ['DataTransfer', { vendorId: 'acme', data: 'x' }],
  ],
  'ocpp2.0.1': V2_CALLS,
  'ocpp2.1': V2_CALLS,
};

/** Raw number literals JSON.parse turns into huge, tiny or infinite doubles. */
const HUGE_LITERALS = [
  '1e999',
  '-1e999',
  '1.7976931348623157e308',
  '5e-324',
  '-0',
  '123456789012345678901234567890123456789',
  `1${'0'.repeat(400)}`,
];
const HUGE = '\u0000huge\u0000';

const hostileValue = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.constantFrom(...HUGE_LITERALS.map((_, i) => `${HUGE}${i}`)),
  fc.double(),
  fc.integer(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constant(null),
  fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 5 }),
);

type Mutation =
  | { kind: 'replace'; at: number; value: unknown }
  | { kind: 'delete'; at: number }
  | { kind: 'add'; at: number; key: string; value: unknown }
  | { kind: 'frame'; slot: 0 | 1 | 2 | 3; value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: hostileValue }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('add' as const), at: fc.nat(), key: fc.string({ maxLength: 12 }), value: hostileValue }),
  fc.record({ kind: fc.constant('frame' as const), slot: fc.constantFrom<0 | 1 | 2 | 3>(0, 1, 2, 3), value: hostileValue }),
);

/** Every object/array inside `root` (root included), with a way to change it. */
function containers(root: unknown): (Record<string, unknown> | unknown[])[] {
  const out: (Record<string, unknown> | unknown[])[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (value !== null && typeof value === 'object') {
      out.push(value as Record<string, unknown>);
      stack.push(...Object.values(value as Record<string, unknown>));
    }
  }
  return out;
}

/** Applies mutations to a copy of a valid CALL, returning the text sent (huge literals spliced in raw). */
function mutate(call: [string, Record<string, unknown>], id: string, mutations: Mutation[]): string {
  const frame: unknown[] = [2, id, call[0], structuredClone(call[1])];
  for (const m of mutations) {
    if (m.kind === 'frame') {
      frame[m.slot] = m.value;
      continue;
    }
    const targets = containers(frame[3]);
    if (targets.length === 0) continue;
    const target = targets[m.at % targets.length];
    const keys = Object.keys(target);
    if (m.kind === 'add') (target as Record<string, unknown>)[Array.isArray(target) ? String(keys.length) : m.key] = m.value;
    else if (keys.length > 0) {
      const key = keys[m.at % keys.length];
      if (m.kind === 'delete') delete (target as Record<string, unknown>)[key];
      else (target as Record<string, unknown>)[key] = m.value;
    }
  }
  return JSON.stringify(frame).replace(/"\\u0000huge\\u0000(\d+)"/g, (_m, i: string) => HUGE_LITERALS[Number(i)]);
}

/** A well-formed CALL per the RPC framework: [2, id (1..36 chars), action (string), payload (object)]. */
function wellFormedCallId(text: string): string | undefined {
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(frame) || frame.length !== 4 || frame[0] !== 2) return undefined;
  const [, id, action, payload] = frame as unknown[];
  const ok =
    typeof id === 'string' &&
    id.length > 0 &&
    id.length <= 36 &&
    typeof action === 'string' &&
    payload !== null &&
    typeof payload === 'object' &&
    !Array.isArray(payload);
  return ok ? id : undefined;
}

/** The string in the id slot of a frame, whatever else the frame is. */
function stringIdOf(text: string): string | undefined {
  try {
    const frame: unknown = JSON.parse(text);
    return Array.isArray(frame) && typeof frame[1] === 'string' ? frame[1] : undefined;
  } catch {
    return undefined;
  }
}

/** A station connection that records every frame it receives, raw. */
class Recorder {
  readonly received: unknown[][] = [];
  private constructor(
    readonly station: TestStation,
    readonly protocol: Protocol,
  ) {
    station.socket.on('message', (data: Buffer) => this.received.push(JSON.parse(data.toString('utf8')) as unknown[]));
  }
  static async open(kit: GatewayTestKit, url: (id: string) => string, protocol: Protocol): Promise<Recorder> {
    const id = uniqueName('fz');
    await kit.addStation(id, { password: PASSWORD });
    return new Recorder(await TestStation.connect(url(id), [protocol], { headers: basicAuth(id, PASSWORD) }), protocol);
  }
  answersTo(id: string): unknown[][] {
    return this.received.filter((f) => (f[0] === 3 || f[0] === 4) && f[1] === id);
  }
  /** Every frame the gateway sent is a CALLRESULT or a CALLERROR with a code of this version. */
  expectOnlyPrescribedAnswers(): void {
    for (const frame of this.received) {
      expect([3, 4]).toContain(frame[0]);
      expect(typeof frame[1]).toBe('string');
      if (frame[0] === 4) {
        expect(ERROR_CODES[this.protocol].has(String(frame[2]))).toBe(true);
        expect(typeof frame[3]).toBe('string');
        expect((frame[3] as string).length).toBeLessThanOrEqual(255);
        expect(frame[4]).toEqual(expect.any(Object));
      }
    }
  }
}

describe('ocpp-gateway: property-based fuzzing over real WebSockets', () => {
  const kit = new GatewayTestKit();
  let gw: Awaited<ReturnType<GatewayTestKit['startGateway']>>;
  let heapBefore = 0;

  // A real collection before each reading, or the garbage of 8 MB frames counts as growth. Jest
  // does not start Node with --expose-gc; the flag can be set at run time and `gc` taken from a
  // fresh context.
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const heapUsed = async (): Promise<number> => {
    for (let i = 0; i < 3; i++) {
      gc();
      await new Promise((r) => setTimeout(r, 50));
    }
    return process.memoryUsage().heapUsed;
  };

  beforeAll(async () => {
    await kit.setUp();
    gw = await kit.startGateway({
      OCPP_MAX_FRAME_BYTES: String(MAX_FRAME_BYTES),
      GATEWAY_CALL_REPLY_TIMEOUT_MS: String(REPLY_TIMEOUT_MS),
      GATEWAY_RATE_LIMIT_PER_SECOND: '100000',
      GATEWAY_RATE_LIMIT_BURST: '100000',
    });
    // Warm up (schema compilation, first connections) before taking the heap baseline.
    const warm = await Recorder.open(kit, gw.url, 'ocpp2.0.1');
    await warm.station.call('Heartbeat', {});
    await warm.station.close();
    heapBefore = await heapUsed();
  });
  afterAll(() => kit.tearDown());

  /** A new station is still served: the gateway process survived whatever came before. */
  async function expectStillServing(): Promise<void> {
    for (const protocol of PROTOCOLS) {
      const fresh = await Recorder.open(kit, gw.url, protocol);
      expect((await fresh.station.call('Heartbeat', {}, 'alive'))[0]).toBe(3);
      await fresh.station.close();
    }
  }

  it.each(PROTOCOLS)(
    '%s: arbitrary JSON frames are answered with prescribed CALLERRORs or ignored, never crash the connection',
    async (protocol) => {
      const rec = await Recorder.open(kit, gw.url, protocol);
      const calls: string[] = [];
      let probe = 0;
      await fc.assert(
        fc.asyncProperty(fc.jsonValue({ maxDepth: 6 }), async (value) => {
          const text = JSON.stringify(value) ?? 'null';
          const id = wellFormedCallId(text);
          if (id !== undefined) calls.push(id);
          rec.station.sendRaw(text);
          // A probe after each frame: answered means the frame was fully processed and the socket is open.
          const probeId = `probe-${probe++}`;
          rec.station.sendRaw(JSON.stringify([2, probeId, 'Heartbeat', {}]));
          await waitFor(() => rec.answersTo(probeId).length === 1, { timeoutMs: 5_000, message: `answer to ${probeId}` });
        }),
        { numRuns: 150 },
      );
      await waitFor(() => calls.every((id) => rec.answersTo(id).length >= 1), {
        timeoutMs: REPLY_TIMEOUT_MS + 5_000,
        message: 'every well-formed CALL answered',
      });
      await new Promise((r) => setTimeout(r, REPLY_TIMEOUT_MS));
      for (const id of calls.filter((c) => calls.indexOf(c) === calls.lastIndexOf(c))) expect(rec.answersTo(id)).toHaveLength(1);
      rec.expectOnlyPrescribedAnswers();
      for (let i = 0; i < probe; i++) expect(rec.answersTo(`probe-${i}`)).toHaveLength(1);
      expect(rec.station.socket.readyState).toBe(rec.station.socket.OPEN);
      await rec.station.close();
    },
  );

  it('splices the huge number literals into the frames it sends', () => {
    const text = mutate(VALID_CALLS['ocpp1.6'][1], 'h', [{ kind: 'replace', at: 0, value: `${HUGE}0` }]);
    expect(text).toContain('1e999');
    expect(JSON.parse(text)).toEqual([2, 'h', 'StatusNotification', expect.objectContaining({ connectorId: Infinity })]);
  });

  it.each(PROTOCOLS)(
    '%s: mutated valid frames (wrong types, huge numbers, missing and extra fields) each get exactly one prescribed answer',
    async (protocol) => {
      const rec = await Recorder.open(kit, gw.url, protocol);
      const wellFormed = new Set<string>();
      const usedIds = new Set<string>();
      let n = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...VALID_CALLS[protocol]),
          fc.array(mutation, { minLength: 1, maxLength: 4 }),
          async (call, mutations) => {
            const id = `m${n++}`;
            const text = mutate(call, id, mutations);
            const callId = wellFormedCallId(text);
            // Message ids must be unique on a connection for "exactly one answer" to be checkable.
            const anyId = stringIdOf(text);
            if (anyId !== undefined && (usedIds.has(anyId) || anyId.startsWith('probe'))) return;
            if (anyId !== undefined) usedIds.add(anyId);
            if (callId !== undefined) wellFormed.add(callId);
            rec.station.sendRaw(text);
            const probeId = `probe-${id}`;
            rec.station.sendRaw(JSON.stringify([2, probeId, 'Heartbeat', {}]));
            await waitFor(() => rec.answersTo(probeId).length === 1, { timeoutMs: 5_000, message: `answer to ${probeId}` });
          },
        ),
        { numRuns: 200 },
      );
      await waitFor(() => [...wellFormed].every((id) => rec.answersTo(id).length >= 1), {
        timeoutMs: REPLY_TIMEOUT_MS + 5_000,
        message: 'every well-formed CALL answered',
      });
      await new Promise((r) => setTimeout(r, REPLY_TIMEOUT_MS + 200));
      for (const id of wellFormed) expect(rec.answersTo(id)).toHaveLength(1);
      rec.expectOnlyPrescribedAnswers();
      expect(rec.station.socket.readyState).toBe(rec.station.socket.OPEN);
      await rec.station.close();
    },
  );

  it.each(PROTOCOLS)('%s: 10^5 nested arrays are refused with the format error, without overflowing the stack', async (protocol) => {
    const rec = await Recorder.open(kit, gw.url, protocol);
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    rec.station.sendRaw(`[2,"deep-1","DataTransfer",{"vendorId":"v","data":${deep}}]`);
    rec.station.sendRaw(deep);
    rec.station.sendRaw(`[2,"deep-2","DataTransfer",{"vendorId":"v","data":${'{"a":'.repeat(70)}1${'}'.repeat(70)}}]`);
    const format = protocol === 'ocpp1.6' ? 'FormationViolation' : 'FormatViolation';
    await waitFor(() => rec.received.length >= 3, { message: 'three answers' });
    expect(rec.received.map((f) => f.slice(0, 3))).toEqual([
      [4, 'deep-1', format],
      [4, '-1', format],
      [4, 'deep-2', format],
    ]);
    expect(await rec.station.call('Heartbeat', {}, 'after-deep')).toEqual([3, 'after-deep', expect.any(Object)]);
    await rec.station.close();
  });

  it('closes an invalid UTF-8 text frame with 1007, and treats binary frames by their bytes', async () => {
    const text = await Recorder.open(kit, gw.url, 'ocpp2.0.1');
    text.station.socket.send(Buffer.from([0x5b, 0x32, 0x2c, 0x22, 0xc3, 0x28, 0xff, 0x22, 0x5d]), { binary: false });
    expect((await text.station.closed).code).toBe(1007);

    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 200 }), async (bytes) => {
        const rec = await Recorder.open(kit, gw.url, 'ocpp2.0.1');
        rec.station.sendRaw(Buffer.from(bytes), true);
        if (!isUtf8(bytes)) {
          expect((await rec.station.closed).code).toBe(1007);
          return;
        }
        // UTF-8 bytes in a binary frame are read as the text they spell; the socket stays usable.
        expect(await rec.station.call('Heartbeat', {}, 'after-binary')).toEqual([3, 'after-binary', expect.any(Object)]);
        rec.expectOnlyPrescribedAnswers();
        await rec.station.close();
      }),
      { numRuns: 25 },
    );
  });

  it('closes frames over the configured maximum with 1009, including frames of many MB', async () => {
    for (const size of [MAX_FRAME_BYTES + 1, 8 * 1024 * 1024]) {
      const rec = await Recorder.open(kit, gw.url, 'ocpp2.0.1');
      const filler = 'x'.repeat(size);
      rec.station.sendRaw(`[2,"big","DataTransfer",{"vendorId":"v","data":"${filler}"}]`);
      expect((await rec.station.closed).code).toBe(1009);
    }
    await expectStillServing();
  });

  it('survives floods of CALLs sent without waiting: each well-formed CALL gets exactly one answer', async () => {
    const stations = await Promise.all(PROTOCOLS.flatMap((p) => [Recorder.open(kit, gw.url, p), Recorder.open(kit, gw.url, p)]));
    const sent = new Map<Recorder, string[]>();
    for (const rec of stations) {
      const ids: string[] = [];
      const valid = VALID_CALLS[rec.protocol];
      for (let i = 0; i < 400; i++) {
        const [action, payload] = valid[i % valid.length];
        const id = `fl-${i}`;
        // Every fifth CALL is broken (wrong type in the payload); every one is still a well-formed CALL.
        rec.station.sendRaw(JSON.stringify([2, id, action, i % 5 === 0 ? { ...payload, connectorId: 'one', idTag: 7 } : payload]));
        ids.push(id);
      }
      sent.set(rec, ids);
    }
    await waitFor(() => stations.every((rec) => sent.get(rec)?.every((id) => rec.answersTo(id).length >= 1)), {
      timeoutMs: 30_000,
      message: 'every flooded CALL answered',
    });
    await new Promise((r) => setTimeout(r, REPLY_TIMEOUT_MS + 300));
    for (const rec of stations) {
      for (const id of sent.get(rec) ?? []) expect(rec.answersTo(id)).toHaveLength(1);
      expect(rec.received).toHaveLength(400);
      rec.expectOnlyPrescribedAnswers();
      await rec.station.close();
    }
    await expectStillServing();
  });

  it('keeps the heap bounded after all of the above', async () => {
    await expectStillServing();
    const growth = (await heapUsed()) - heapBefore;
    // Frames of 8 MB and floods went through; what stays must not be anywhere near that volume.
    expect(growth).toBeLessThan(96 * 1024 * 1024);
    // Every socket of this suite is closed; the gateway let go of all of them.
    await waitFor(() => gw.running.gateway.connectionCount === 0, { message: 'no connections left' });
  });
});
