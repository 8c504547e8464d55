// Test support: the service fuzz suite (issue #14, part 3), shared by the Kafka stack
// (apps/e2e) and the in-process all-in-one (apps/allinone). It defines Jest blocks; call it from
// a `*.quiet.int-spec.ts` (the `quiet` Jest project: it judges latency, so `npm test` runs it
// after the other suites, one at a time; ADR 0031) with a way to start the stack.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { OcppVersion } from '@voltlane/ocpp';
import type { Frame, TestStation } from '../test-station';
import { uniqueName } from '../infra-env';
import { requestArbitrary, stationCallActions } from './schema-arbitrary';

/** A running CSMS the suite can connect stations to. */
export interface FuzzStack {
  /** The gateway's GATEWAY_CALL_REPLY_TIMEOUT_MS: every CALL must be answered within it. */
  readonly replyTimeoutMs: number;
  /** Connects a station (provisioned as the stack requires; unknown stations are accepted on boot). */
  connect: (id: string, protocol: OcppVersion) => Promise<TestStation>;
  stop: () => Promise<void>;
}

export interface ServiceFuzzOptions {
  /** 'Kafka' or 'in-process'; named in the test titles. */
  adapter: string;
  start: () => Promise<FuzzStack>;
}

/** Seed of every fast-check sample of a run; replay a failure with FUZZ_SEED=<seed>. */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20_260_114);
/** Samples per station→CSMS action and fuzzer (FUZZ_SAMPLES overrides). */
export const FUZZ_SAMPLES = Number(process.env.FUZZ_SAMPLES ?? 12);
/** The whole fuzz phase stops sending after this long; samples not sent by then are a failure. */
const FUZZ_BUDGET_MS = Number(process.env.FUZZ_BUDGET_MS ?? 45_000);
/** Transaction sequences (start, meter values, stop) each fuzzer plays after the per-action samples. */
const TRANSACTION_SEQUENCES = 4;
/** Slack for the answer's trip from the gateway to the test station. */
const DELIVERY_SLACK_MS = 1_000;
const STEADY_INTERVAL_MS = 200;
const BASELINE_MS = 4_000;
/**
 * The well-behaved station during fuzzing, judged on two counts:
 * - its usual latency: median within max(3 × its median before fuzzing, 250 ms). Three times: the
 *   three fuzzers load the same CPU (2 cores shared by the stack, the fuzzers, the test and, in CI,
 *   other suites) and the same database, so an honest slow-down is expected. The 250 ms floor: a
 *   quiet baseline of a few milliseconds times three would turn scheduler and GC pauses into
 *   failures. The median, not a tail: the station samples every 200 ms, so a burst of machine
 *   stalls hits it in proportion to the burst's share of the wall clock. On CI (2026-12-07) three
 *   stalls of 275-662 ms in a 5 s phase put 3 of 26 samples over 250 ms, and p90 failed on a stack
 *   that held nothing. A station that waits behind the fuzzers' records waits on most samples,
 *   which moves the median; one held for a retry chain fails the next count.
 * - no head-of-line block: every MeterValues answered with a CALLRESULT, none slower than 2 s. A
 *   blocked key holds the station for a service's retry back-off and the adapter's re-delivery,
 *   or the gateway's reply timeout (5 s here), and ends in InternalError.
 */
const USUAL_FACTOR = 3;
const USUAL_FLOOR_MS = 250;
const HEAD_OF_LINE_MS = 2_000;

const PROTOCOLS: readonly OcppVersion[] = ['ocpp1.6', 'ocpp2.0.1', 'ocpp2.1'];

interface Answered {
  protocol: OcppVersion;
  action: string;
  payload: unknown;
  /** The answer frame; undefined when none came within the deadline (or the connection closed). */
  answer: Frame | undefined;
  ms: number;
  /** performance.now() when it was sent: the first failure in time is the likely wedge. */
  at: number;
  problem?: string;
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)];
}

function short(value: unknown, max = 300): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max)}…(${text.length} chars)` : text;
}

/** Sends a CALL and waits for its answer up to `deadlineMs`; never throws. */
async function callWithin(
  station: TestStation,
  protocol: OcppVersion,
  action: string,
  payload: unknown,
  deadlineMs: number,
): Promise<Answered> {
  const id = randomUUID();
  const started = performance.now();
  const answer = station.next((f) => (f[0] === 3 || f[0] === 4) && f[1] === id, deadlineMs);
  try {
    station.sendRaw(JSON.stringify([2, id, action, payload]));
    const frame = await answer;
    return { protocol, action, payload, answer: frame, ms: performance.now() - started, at: started };
  } catch (error) {
    answer.catch(() => undefined);
    return {
      protocol,
      action,
      payload,
      answer: undefined,
      ms: performance.now() - started,
      at: started,
      problem: (error as Error).message.slice(0, 200),
    };
  }
}

function isInternalError(a: Answered): boolean {
  return a.answer?.[0] === 4 && a.answer[2] === 'InternalError';
}

function describeAnswer(a: Answered): string {
  if (a.answer === undefined) return `no answer within the deadline (${Math.round(a.ms)} ms: ${a.problem ?? ''})`;
  return a.answer[0] === 4 ? `CALLERROR ${String(a.answer[2])} "${String(a.answer[3])}"` : 'CALLRESULT';
}

/** Offending calls grouped by action: count and the first two payloads. */
function report(calls: Answered[], seed: number): string {
  const byAction = new Map<string, Answered[]>();
  for (const c of calls) byAction.set(`${c.protocol} ${c.action}`, [...(byAction.get(`${c.protocol} ${c.action}`) ?? []), c]);
  const lines = [...byAction].map(
    ([key, list]) =>
      `  ${key}: ${list.length}× — ${list
        .slice(0, 2)
        .map((c) => `${describeAnswer(c)} for ${short(c.payload)}`)
        .join('\n      ')}`,
  );
  return `replay with FUZZ_SEED=${seed} FUZZ_SAMPLES=${FUZZ_SAMPLES}\n${lines.join('\n')}`;
}

async function bootAccepted(station: TestStation, protocol: OcppVersion): Promise<void> {
  const payload =
    protocol === 'ocpp1.6'
      ? { chargePointVendor: 'Voltlane', chargePointModel: 'Fuzz' }
      : { reason: 'PowerUp', chargingStation: { model: 'Fuzz', vendorName: 'Voltlane' } };
  const answer = await station.call('BootNotification', payload);
  if (answer[0] !== 3 || (answer[2] as { status?: string }).status !== 'Accepted') throw new Error(`boot not accepted: ${short(answer)}`);
}

function meterValues16(transactionId: number, wh: number): Record<string, unknown> {
  return {
    connectorId: 1,
    transactionId,
    meterValue: [
      {
        timestamp: new Date().toISOString(),
        sampledValue: [{ value: String(wh), measurand: 'Energy.Active.Import.Register', unit: 'Wh' }],
      },
    ],
  };
}

/** A well-behaved 1.6 station in a transaction, sending MeterValues every ~200 ms. */
class SteadyStation {
  readonly latencies: { phase: string; ms: number; answer: string }[] = [];
  phase = 'baseline';
  private running = true;
  private loop: Promise<void> | undefined;
  private wh = 1_000;

  constructor(
    private readonly station: TestStation,
    private readonly transactionId: number,
    private readonly deadlineMs: number,
  ) {}

  start(): void {
    this.loop = (async () => {
      while (this.running) {
        const tick = performance.now();
        this.wh += 10;
        const answered = await callWithin(
          this.station,
          'ocpp1.6',
          'MeterValues',
          meterValues16(this.transactionId, this.wh),
          this.deadlineMs,
        );
        this.latencies.push({
          phase: this.phase,
          ms: answered.answer === undefined ? Number.POSITIVE_INFINITY : answered.ms,
          answer: describeAnswer(answered),
        });
        const wait = STEADY_INTERVAL_MS - (performance.now() - tick);
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  of(phase: string): number[] {
    return this.latencies.filter((l) => l.phase === phase).map((l) => l.ms);
  }
}

/** The payloads of one transaction sequence (1.6: Start, MeterValues, Stop; 2.x: three TransactionEvents), drawn up front. */
function drawSequence(protocol: OcppVersion, seed: number): Record<string, unknown>[] {
  const actions =
    protocol === 'ocpp1.6'
      ? ['StartTransaction', 'MeterValues', 'StopTransaction']
      : ['TransactionEvent', 'TransactionEvent', 'TransactionEvent'];
  return actions.map((action, draw) => fc.sample(requestArbitrary(protocol, action), { seed: seed + draw, numRuns: 1 })[0]);
}

/** Plays start → meter values → stop with extreme fields, using the ids the CSMS returns. */
async function transactionSequence(
  station: TestStation,
  protocol: OcppVersion,
  drawn: Record<string, unknown>[],
  seq: number,
  deadlineMs: number,
): Promise<Answered[]> {
  const out: Answered[] = [];
  if (protocol === 'ocpp1.6') {
    const [startPayload, meterValues, stop] = drawn;
    const start = await callWithin(station, protocol, 'StartTransaction', startPayload, deadlineMs);
    out.push(start);
    const transactionId = start.answer?.[0] === 3 ? (start.answer[2] as { transactionId: number }).transactionId : 1;
    out.push(await callWithin(station, protocol, 'MeterValues', { ...meterValues, transactionId }, deadlineMs));
    out.push(await callWithin(station, protocol, 'StopTransaction', { ...stop, transactionId }, deadlineMs));
    return out;
  }
  const transactionId = `fuzz-${seq}-${randomUUID()}`.slice(0, 36);
  for (const [seqNo, eventType] of (['Started', 'Updated', 'Ended'] as const).entries()) {
    const event = drawn[seqNo];
    const info = event.transactionInfo as Record<string, unknown>;
    out.push(
      await callWithin(
        station,
        protocol,
        'TransactionEvent',
        { ...event, eventType, seqNo, transactionInfo: { ...info, transactionId } },
        deadlineMs,
      ),
    );
  }
  return out;
}

type Samples = Map<string, Record<string, unknown>[]>;

/**
 * FUZZ_SAMPLES schema-valid extreme samples of every station→CSMS CALL action of a version. Drawn
 * before the well-behaved station's baseline: the stations and (in-process) the CSMS share this
 * event loop, so drawing during the fuzz phase would be measured as the CSMS's latency.
 */
function drawSamples(protocol: OcppVersion, seed: number): Samples {
  return new Map(
    stationCallActions(protocol).map((action, i) => [
      action,
      fc.sample(requestArbitrary(protocol, action), { seed: seed + i, numRuns: FUZZ_SAMPLES }),
    ]),
  );
}

/** Sends the samples round-robin over the actions, so a time-out-heavy run still covers every action. */
async function fuzzStation(
  station: TestStation,
  protocol: OcppVersion,
  samples: Samples,
  deadlineMs: number,
  budgetEnd: number,
): Promise<{ calls: Answered[]; unsent: number }> {
  const calls: Answered[] = [];
  let unsent = 0;
  for (let i = 0; i < FUZZ_SAMPLES; i++) {
    for (const [action, drawn] of samples) {
      if (performance.now() > budgetEnd) {
        unsent++;
        continue;
      }
      calls.push(await callWithin(station, protocol, action, drawn[i], deadlineMs));
    }
  }
  return { calls, unsent };
}

export function serviceFuzzSuite({ adapter, start }: ServiceFuzzOptions): void {
  /** Each block gets its own stack, so a payload that wedges a service in one cannot decide the other. */
  function withStack(): {
    stack: () => FuzzStack;
    deadlineMs: () => number;
    booted: (prefix: string, protocol: OcppVersion) => Promise<TestStation>;
  } {
    let stack: FuzzStack | undefined;
    beforeAll(async () => {
      stack = await start();
    }, 120_000);
    afterAll(() => stack?.stop());
    const get = (): FuzzStack => {
      if (!stack) throw new Error('the stack did not start');
      return stack;
    };
    return {
      stack: get,
      deadlineMs: () => get().replyTimeoutMs + DELIVERY_SLACK_MS,
      booted: async (prefix, protocol) => {
        const station = await get().connect(uniqueName(prefix), protocol);
        await bootAccepted(station, protocol);
        return station;
      },
    };
  }

  async function inTransaction16(station: TestStation): Promise<number> {
    const answer = await station.call('StartTransaction', {
      connectorId: 1,
      idTag: 'STEADY-01',
      meterStart: 1_000,
      timestamp: new Date().toISOString(),
    });
    if (answer[0] !== 3) throw new Error(`StartTransaction refused: ${short(answer)}`);
    return (answer[2] as { transactionId: number }).transactionId;
  }

  describe(`service fuzz on the ${adapter} stack`, () => {
    describe('issue #14 repro', () => {
      const { booted } = withStack();

      it("a 1.6 StartTransaction with connectorId 2147483648 is answered definitively within 2 s, and a neighbour's MeterValues sent beside it within 2 s, five times in a row", async () => {
        const fuzzer = await booted('repro', 'ocpp1.6');
        const neighbour = await booted('neighbour', 'ocpp1.6');
        const transactionId = await inTransaction16(neighbour);
        const rounds: string[] = [];
        let failed = false;
        for (let round = 1; round <= 5; round++) {
          const payload = { connectorId: 2147483648, idTag: 'A', meterStart: 5, timestamp: new Date().toISOString() };
          const repro = callWithin(fuzzer, 'ocpp1.6', 'StartTransaction', payload, 2_000);
          const meter = callWithin(neighbour, 'ocpp1.6', 'MeterValues', meterValues16(transactionId, 1_000 + round), 2_000);
          const [r, m] = await Promise.all([repro, meter]);
          const ok = r.answer !== undefined && !isInternalError(r) && m.answer?.[0] === 3;
          failed ||= !ok;
          rounds.push(
            `round ${round}: StartTransaction → ${describeAnswer(r)} in ${Math.round(r.ms)} ms; neighbour MeterValues → ${describeAnswer(m)} in ${Math.round(m.ms)} ms`,
          );
        }
        expect({ failed, rounds }).toEqual({ failed: false, rounds });
      }, 30_000);
    });

    describe(`three fuzzers (1.6, 2.0.1, 2.1; seed ${FUZZ_SEED}, ${FUZZ_SAMPLES} samples per action) beside a well-behaved 1.6 station`, () => {
      const { booted, deadlineMs } = withStack();
      const results = new Map<OcppVersion, { calls: Answered[]; unsent: number; leftovers: Frame[] }>();
      let steady: SteadyStation | undefined;

      it('fuzz phase: every CALL of every fuzzer gets exactly one answer within the gateway reply deadline', async () => {
        const station = await booted('steady', 'ocpp1.6');
        steady = new SteadyStation(station, await inTransaction16(station), deadlineMs());
        const fuzzers = await Promise.all(PROTOCOLS.map((protocol) => booted(`fuzz_${protocol.replace(/\W/g, '')}`, protocol)));
        const samples = PROTOCOLS.map((protocol, p) => drawSamples(protocol, FUZZ_SEED + 1_000 * p));
        const sequences = PROTOCOLS.map((protocol, p) =>
          Array.from({ length: TRANSACTION_SEQUENCES }, (_, s) => drawSequence(protocol, FUZZ_SEED + 1_000 * p + 500 + 10 * s)),
        );
        steady.start();
        await new Promise((r) => setTimeout(r, BASELINE_MS));
        steady.phase = 'fuzz';
        const budgetEnd = performance.now() + FUZZ_BUDGET_MS;
        await Promise.all(
          PROTOCOLS.map(async (protocol, p) => {
            const fuzzer = fuzzers[p];
            const { calls, unsent } = await fuzzStation(fuzzer, protocol, samples[p], deadlineMs(), budgetEnd);
            for (let s = 0; s < TRANSACTION_SEQUENCES && performance.now() < budgetEnd; s++) {
              calls.push(...(await transactionSequence(fuzzer, protocol, sequences[p][s], s, deadlineMs())));
            }
            // A second answer to any CALL would stay unclaimed in the station's frames.
            await new Promise((r) => setTimeout(r, 500));
            results.set(protocol, { calls, unsent, leftovers: fuzzer.frames.filter((f) => f[0] === 3 || f[0] === 4) });
          }),
        );
        steady.phase = 'after';
        await steady.stop();
        const all = [...results.values()];
        const late = all.flatMap((r) => r.calls.filter((c) => c.answer === undefined));
        const summary = [...results].map(
          ([protocol, r]) =>
            `${protocol}: ${r.calls.length} calls, ${r.unsent} not sent within the ${FUZZ_BUDGET_MS} ms budget, ${r.leftovers.length} extra answers`,
        );
        const extra = all.flatMap((r) => r.leftovers).map((f) => short(f, 200));
        const t0 = Math.min(...all.flatMap((r) => r.calls.map((c) => c.at)));
        const firstFailures = all
          .flatMap((r) => r.calls.filter((c) => c.answer === undefined || isInternalError(c)))
          .sort((a, b) => a.at - b.at)
          .slice(0, 4)
          .map((c) => `  +${Math.round(c.at - t0)} ms ${c.protocol} ${c.action}: ${describeAnswer(c)} for ${short(c.payload)}`);
        if (late.length > 0 || extra.length > 0 || all.some((r) => r.unsent > 0)) {
          throw new Error(
            `${summary.join('; ')}\nfirst failures in send order (the earliest is the likely wedge):\n${firstFailures.join('\n')}\nextra answers: ${extra.slice(0, 5).join(', ')}\nno answer within ${deadlineMs()} ms:\n${report(late, FUZZ_SEED)}`,
          );
        }
      }, 180_000);

      it.each(PROTOCOLS)('%s fuzzer: no answer is a CALLERROR InternalError', (protocol) => {
        const calls = results.get(protocol)?.calls;
        if (calls === undefined) throw new Error('the fuzz phase did not run');
        const internal = calls.filter(isInternalError);
        if (internal.length > 0)
          throw new Error(`${internal.length} of ${calls.length} ${protocol} CALLs answered InternalError; ${report(internal, FUZZ_SEED)}`);
      });

      it(`the well-behaved station keeps its usual latency (median within max(${USUAL_FACTOR}× before, ${USUAL_FLOOR_MS} ms)) and is never held (every MeterValues a CALLRESULT within ${HEAD_OF_LINE_MS} ms)`, () => {
        if (steady === undefined) throw new Error('the fuzz phase did not run');
        const before = steady.of('baseline');
        const during = steady.of('fuzz');
        expect(before.length).toBeGreaterThan(5);
        expect(during.length).toBeGreaterThan(5);
        const bound = Math.max(USUAL_FACTOR * percentile(before, 0.5), USUAL_FLOOR_MS);
        const figures = `median before ${Math.round(percentile(before, 0.5))} ms (${before.length} samples), during ${Math.round(percentile(during, 0.5))} ms (p90 ${Math.round(percentile(during, 0.9))} ms, ${during.length} samples), bound ${Math.round(bound)} ms; slowest during ${Math.round(Math.max(...during))} ms`;
        const held = steady.latencies.filter((l) => l.phase === 'fuzz' && (l.ms > HEAD_OF_LINE_MS || l.answer !== 'CALLRESULT'));
        if (held.length > 0) throw new Error(`head-of-line block: ${figures}; held: ${short(held.slice(0, 5), 800)}`);
        if (percentile(during, 0.5) > bound)
          throw new Error(
            `${figures}; slowest: ${short(steady.latencies.filter((l) => l.phase === 'fuzz' && l.ms > bound).slice(0, 5), 800)}`,
          );
      });

      it('afterwards a fresh 1.6 station boots and charges', async () => {
        const station = await booted('fresh', 'ocpp1.6');
        const start16 = await callWithin(
          station,
          'ocpp1.6',
          'StartTransaction',
          { connectorId: 1, idTag: 'FRESH-01', meterStart: 1_000, timestamp: new Date().toISOString() },
          2_000,
        );
        const transactionId = start16.answer?.[0] === 3 ? (start16.answer[2] as { transactionId: number }).transactionId : 0;
        const meter = await callWithin(station, 'ocpp1.6', 'MeterValues', meterValues16(transactionId, 1_500), 2_000);
        const stop = await callWithin(
          station,
          'ocpp1.6',
          'StopTransaction',
          { transactionId, meterStop: 2_000, timestamp: new Date().toISOString() },
          2_000,
        );
        expect([describeAnswer(start16), describeAnswer(meter), describeAnswer(stop)]).toEqual(['CALLRESULT', 'CALLRESULT', 'CALLRESULT']);
      }, 20_000);
    });
  });
}
