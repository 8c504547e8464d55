/**
 * Lean OCPP 1.6J load generator, run as a child process of bench/src/main.ts (IPC commands in
 * ../lib/protocol.ts). Raw `ws` clients, no validation, source addresses spread over
 * 127.0.0.0/8 so one machine holds many connections; every loop is bounded in count and time.
 */
import WebSocket from 'ws';
import { Histogram, type HistogramJson } from '../lib/histogram';
import {
  zeroCounters,
  type BurstCommand,
  type ConnectCommand,
  type FleetCommand,
  type LoadCommand,
  type LoadEvent,
  type LoadStatus,
  type MixEntry,
  type RateCommand,
  type StartTransactionsCommand,
  type StormCommand,
} from '../lib/protocol';

interface Pending {
  sentAt: number;
  resolve: (ok: boolean, payload: unknown) => void;
  timer: NodeJS.Timeout;
}

interface Station {
  id: string;
  index: number;
  ws: WebSocket | null;
  open: boolean;
  booted: boolean;
  attempt: number;
  pending: Map<string, Pending>;
  energyWh: number;
  /** The station's running transaction (from its StartTransaction's answer). */
  transactionId?: number;
}

const stations: Station[] = [];

let nextMessageId = 1;
let stopping = false;
const status = zeroCounters();

function send(event: LoadEvent): void {
  process.send?.(event);
}

function snapshot(): LoadStatus {
  let open = 0;
  let booted = 0;
  for (const s of stations) {
    if (s.open) open++;
    if (s.open && s.booted) booted++;
  }
  return {
    ...status,
    handshakeFailuresByReason: { ...status.handshakeFailuresByReason },
    callErrorsByCode: { ...status.callErrorsByCode },
    open,
    booted,
    rss: process.memoryUsage().rss,
  };
}

function count(map: Record<string, number>, key: string): void {
  map[key] = (map[key] ?? 0) + 1;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------- connections

function openSocket(station: Station, cfg: ConnectCommand): Promise<boolean> {
  return new Promise((resolve) => {
    const headers: Record<string, string> = {};
    if (cfg.password !== undefined) headers.authorization = `Basic ${Buffer.from(`${station.id}:${cfg.password}`).toString('base64')}`;
    const ws = new WebSocket(`${cfg.url}/${encodeURIComponent(station.id)}`, ['ocpp1.6'], {
      perMessageDeflate: false,
      localAddress: cfg.localAddresses[station.index % cfg.localAddresses.length],
      headers,
      handshakeTimeout: cfg.timeoutMs,
    });
    let settled = false;
    const settle = (ok: boolean): void => {
      if (settled) return;
      settled = true;
      resolve(ok);
    };
    station.ws = ws;
    ws.on('unexpected-response', (_req, res) => {
      count(status.handshakeFailuresByReason, `HTTP ${res.statusCode}`);
      status.handshakeFailures++;
      res.resume();
      ws.terminate();
      settle(false);
    });
    ws.on('error', (error: NodeJS.ErrnoException) => {
      if (!settled) {
        count(status.handshakeFailuresByReason, error.code ?? error.message.slice(0, 40));
        status.handshakeFailures++;
      }
      settle(false);
    });
    ws.on('open', () => {
      station.open = true;
      station.attempt = 0;
      status.connects++;
      settle(true);
    });
    ws.on('message', (data: Buffer) => onMessage(station, data));
    ws.on('close', () => {
      const wasOpen = station.open;
      station.open = false;
      station.booted = false;
      if (station.ws === ws) station.ws = null;
      for (const [id, p] of station.pending) {
        clearTimeout(p.timer);
        station.pending.delete(id);
        p.resolve(false, 'closed');
      }
      settle(false);
      if (wasOpen) {
        status.closes++;
        if (cfg.reconnect && !stopping) scheduleReconnect(station, cfg);
      }
    });
  });
}

function backoff(attempt: number, cfg: { minMs: number; maxMs: number }): number {
  const ceiling = Math.min(cfg.maxMs, cfg.minMs * 2 ** attempt);
  return ceiling * (0.5 + Math.random() * 0.5);
}

function scheduleReconnect(station: Station, cfg: ConnectCommand): void {
  if (!cfg.reconnect || stopping) return;
  const delay = backoff(station.attempt++, cfg.reconnect);
  setTimeout(() => void connectStation(station, cfg, false), delay);
}

/** One connection attempt (plus boot); with reconnect configured, failures are retried later. */
async function connectStation(station: Station, cfg: ConnectCommand, initial: boolean): Promise<void> {
  if (stopping) return;
  const ok = await openSocket(station, cfg);
  if (!ok) {
    if (cfg.reconnect) scheduleReconnect(station, cfg);
    else if (initial && station.attempt++ < 3) {
      await sleep(backoff(station.attempt, { minMs: 200, maxMs: 2_000 }));
      return connectStation(station, cfg, true);
    }
    return;
  }
  if (cfg.boot) await boot(station);
  else station.booted = true;
}

/** BootNotification until Accepted, like a charger: again after a time-out or Pending/Rejected (bounded). */
async function boot(station: Station, deadline = Date.now() + 120_000): Promise<void> {
  for (let attempt = 0; attempt < 10 && station.open && !stopping && Date.now() < deadline; attempt++) {
    const answer = await call(station, 'BootNotification', { chargePointVendor: 'Voltlane', chargePointModel: 'Bench' }, 30_000);
    const bootStatus = (answer.payload as { status?: string } | null)?.status;
    if (answer.ok && bootStatus === 'Accepted') {
      station.booted = true;
      return;
    }
    if (answer.ok) {
      status.callErrors++;
      count(status.callErrorsByCode, `Boot ${bootStatus ?? '?'}`);
    }
    if (answer.payload === 'closed' || answer.payload === 'not open') return;
    await sleep(answer.payload === 'timeout' ? 1_000 : 5_000);
  }
}

function newStation(prefix: string, index: number): Station {
  return { id: `${prefix}${index}`, index, ws: null, open: false, booted: false, attempt: 0, pending: new Map(), energyWh: 1000 };
}

async function connectAll(cfg: ConnectCommand): Promise<void> {
  const first = stations.length;
  for (let i = 0; i < cfg.count; i++) {
    stations.push(newStation(cfg.prefix, cfg.start + i));
  }
  const started = performance.now();
  let next = first;
  const deadline = Date.now() + cfg.timeoutMs;
  const worker = async (): Promise<void> => {
    while (next < stations.length && Date.now() < deadline) {
      const station = stations[next++];
      await connectStation(station, cfg, true);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, cfg.concurrency) }, () => worker()));
  send({ ev: 'connected', status: snapshot(), elapsedMs: performance.now() - started });
}

// ---------------------------------------------------------------- CALLs

function onMessage(station: Station, data: Buffer): void {
  let frame: unknown;
  try {
    frame = JSON.parse(data.toString('utf8'));
  } catch {
    return;
  }
  if (!Array.isArray(frame)) return;
  const [type, id] = frame as [number, string];
  if (type === 2) {
    // A CSMS→station call: answer NotImplemented-free with an empty CALLRESULT.
    station.ws?.send(JSON.stringify([3, id, {}]));
    return;
  }
  const pending = station.pending.get(id);
  if (!pending) return;
  station.pending.delete(id);
  clearTimeout(pending.timer);
  if (type === 3) pending.resolve(true, frame[2]);
  else {
    status.callErrors++;
    count(status.callErrorsByCode, String(frame[2]));
    pending.resolve(false, frame[2]);
  }
}

function call(
  station: Station,
  action: string,
  payload: unknown,
  timeoutMs: number,
): Promise<{ ok: boolean; payload: unknown; ms: number }> {
  return new Promise((resolve) => {
    const ws = station.ws;
    if (!ws || !station.open) return resolve({ ok: false, payload: 'not open', ms: 0 });
    const id = String(nextMessageId++);
    const sentAt = performance.now();
    const timer = setTimeout(() => {
      station.pending.delete(id);
      status.timeouts++;
      resolve({ ok: false, payload: 'timeout', ms: performance.now() - sentAt });
    }, timeoutMs);
    station.pending.set(id, {
      sentAt,
      timer,
      resolve: (ok, p) => {
        if (ok) track(station, action, p);
        resolve({ ok, payload: p, ms: performance.now() - sentAt });
      },
    });
    ws.send(JSON.stringify([2, id, action, payload]));
  });
}

/** A station's transaction starts with StartTransaction's answer and ends with StopTransaction's. */
function track(station: Station, action: string, payload: unknown): void {
  if (action === 'StartTransaction') {
    const id = (payload as { transactionId?: unknown } | null)?.transactionId;
    if (typeof id === 'number') station.transactionId = id;
  } else if (action === 'StopTransaction') station.transactionId = undefined;
}

const idTag = (station: Station): string => `TAG${station.index % 1000}`;

function payloadFor(station: Station, action: MixEntry['action']): unknown {
  switch (action) {
    case 'Heartbeat':
      return {};
    case 'Authorize':
      return { idTag: idTag(station) };
    case 'StatusNotification': {
      const statuses = station.transactionId === undefined ? ['Available', 'Preparing'] : ['Charging', 'SuspendedEV'];
      return { connectorId: 1, errorCode: 'NoError', status: statuses[Math.random() < 0.5 ? 0 : 1], timestamp: new Date().toISOString() };
    }
    case 'StartTransaction':
      return { connectorId: 1, idTag: idTag(station), meterStart: station.energyWh, timestamp: new Date().toISOString() };
    case 'StopTransaction':
      return {
        transactionId: station.transactionId ?? 0,
        idTag: idTag(station),
        meterStop: station.energyWh,
        timestamp: new Date().toISOString(),
        reason: 'Local',
      };
    case 'MeterValues':
      station.energyWh += 50 + Math.floor(Math.random() * 50);
      return {
        connectorId: 1,
        ...(station.transactionId === undefined ? {} : { transactionId: station.transactionId }),
        meterValue: [
          {
            timestamp: new Date().toISOString(),
            sampledValue: [
              { value: String(station.energyWh), measurand: 'Energy.Active.Import.Register', unit: 'Wh' },
              { value: '7400', measurand: 'Power.Active.Import', unit: 'W' },
            ],
          },
        ],
      };
  }
}

function picker(mix: MixEntry[]): () => MixEntry['action'] {
  const total = mix.reduce((a, m) => a + m.weight, 0);
  return () => {
    let r = Math.random() * total;
    for (const m of mix) if ((r -= m.weight) < 0) return m.action;
    return mix[mix.length - 1].action;
  };
}

async function burst(cmd: BurstCommand): Promise<void> {
  const histogram = new Histogram();
  const pick = picker(cmd.mix);
  let sent = 0;
  let answered = 0;
  const started = performance.now();
  const deadline = Date.now() + cmd.timeoutMs;
  await Promise.all(
    stations
      .filter((s) => s.open)
      .map(async (station) => {
        for (let i = 0; i < cmd.perConnection && Date.now() < deadline && station.open; i++) {
          const action = pick();
          sent++;
          const answer = await call(station, action, payloadFor(station, action), 30_000);
          if (answer.ok) {
            answered++;
            histogram.record(answer.ms);
          }
        }
      }),
  );
  send({
    ev: 'result',
    status: snapshot(),
    result: { sent, answered, skipped: 0, elapsedMs: performance.now() - started, histogram: histogram.toJSON() },
  });
}

/** Open-loop: `rate` CALLs/s spread over stations without a CALL outstanding (OCPP allows one). */
async function rate(cmd: RateCommand): Promise<void> {
  const histogram = new Histogram();
  const byAction = new Map<string, Histogram>();
  const pick = picker(cmd.mix);
  const idle: Station[] = stations.filter((s) => s.open && s.pending.size === 0);
  let sent = 0;
  let answered = 0;
  let skipped = 0;
  const started = performance.now();
  const tickMs = 5;
  let due = 0;
  const inflight = new Set<Promise<void>>();
  while (performance.now() - started < cmd.durationMs) {
    const elapsed = performance.now() - started;
    const target = Math.floor((elapsed / 1000) * cmd.rate);
    while (due < target) {
      due++;
      const station = idle.pop();
      if (!station) {
        skipped++;
        continue;
      }
      const action = pick();
      sent++;
      const p = call(station, action, payloadFor(station, action), 30_000).then((answer) => {
        if (answer.ok) {
          answered++;
          histogram.record(answer.ms);
          recordAction(byAction, action, answer.ms);
        }
        if (station.open) idle.unshift(station);
        inflight.delete(p);
      });
      inflight.add(p);
    }
    await sleep(tickMs);
  }
  const elapsedMs = performance.now() - started;
  // Bounded wait for the stragglers (they count towards latency, not towards the rate).
  await Promise.race([Promise.all([...inflight]), sleep(31_000)]);
  send({
    ev: 'result',
    status: snapshot(),
    result: { sent, answered, skipped, elapsedMs, histogram: histogram.toJSON(), byAction: actionJson(byAction) },
  });
}

/** A realistic fleet: Heartbeat every heartbeatMs, the charging share sends MeterValues every meterMs. */
async function fleet(cmd: FleetCommand): Promise<void> {
  const histogram = new Histogram();
  const byAction = new Map<string, Histogram>();
  let sent = 0;
  let answered = 0;
  let skipped = 0;
  const started = performance.now();
  const timers: NodeJS.Timeout[] = [];
  const fire = (station: Station, action: MixEntry['action']): void => {
    if (!station.open) return;
    if (station.pending.size > 0) {
      skipped++;
      return;
    }
    sent++;
    void call(station, action, payloadFor(station, action), 30_000).then((answer) => {
      if (answer.ok) {
        answered++;
        histogram.record(answer.ms);
        recordAction(byAction, action, answer.ms);
      }
    });
  };
  const live = stations.filter((s) => s.open);
  const charging = Math.round(live.length * cmd.sessionShare);
  live.forEach((station, i) => {
    const every = (ms: number, action: MixEntry['action']): void => {
      const t = setTimeout(() => {
        fire(station, action);
        timers.push(setInterval(() => fire(station, action), ms));
      }, Math.random() * ms);
      timers.push(t);
    };
    every(cmd.heartbeatMs, 'Heartbeat');
    if (i < charging) every(cmd.meterMs, 'MeterValues');
  });
  await sleep(cmd.durationMs);
  for (const t of timers) clearTimeout(t);
  await sleep(2_000);
  send({
    ev: 'result',
    status: snapshot(),
    result: {
      sent,
      answered,
      skipped,
      elapsedMs: performance.now() - started,
      histogram: histogram.toJSON(),
      byAction: actionJson(byAction),
    },
  });
}

/** Every open station without a transaction starts one (bounded concurrency); answered = started. */
async function startTransactions(cmd: StartTransactionsCommand): Promise<void> {
  const histogram = new Histogram();
  const byAction = new Map<string, Histogram>();
  const todo = stations.filter((s) => s.open && s.transactionId === undefined);
  let next = 0;
  let answered = 0;
  const started = performance.now();
  const deadline = Date.now() + cmd.timeoutMs;
  const worker = async (): Promise<void> => {
    while (next < todo.length && Date.now() < deadline) {
      const station = todo[next++];
      const answer = await call(station, 'StartTransaction', payloadFor(station, 'StartTransaction'), 60_000);
      if (answer.ok && station.transactionId !== undefined) {
        answered++;
        histogram.record(answer.ms);
        recordAction(byAction, 'StartTransaction', answer.ms);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, cmd.concurrency) }, () => worker()));
  send({
    ev: 'result',
    status: snapshot(),
    result: {
      sent: next,
      answered,
      skipped: todo.length - next,
      elapsedMs: performance.now() - started,
      histogram: histogram.toJSON(),
      byAction: actionJson(byAction),
    },
  });
}

/**
 * Boot storm: each station connects (handshake retried up to 3 times, as a charger would), then
 * BootNotification, a StatusNotification per connector and one StartTransaction, each sent once.
 */
async function storm(cmd: StormCommand): Promise<void> {
  const byAction = new Map<string, Histogram>();
  const failedByStep: Record<string, number> = {};
  const connect: ConnectCommand = {
    cmd: 'connect',
    url: cmd.url,
    prefix: cmd.prefix,
    start: cmd.start,
    count: cmd.count,
    localAddresses: cmd.localAddresses,
    concurrency: cmd.concurrency,
    boot: false,
    timeoutMs: cmd.callTimeoutMs,
  };
  if (cmd.password !== undefined) connect.password = cmd.password;
  const mine: Station[] = [];
  for (let i = 0; i < cmd.count; i++) mine.push(newStation(cmd.prefix, cmd.start + i));
  stations.push(...mine);
  let next = 0;
  let completed = 0;
  const deadline = Date.now() + cmd.timeoutMs;
  const step = async (
    station: Station,
    action: string,
    payload: unknown,
    accept: (p: unknown) => boolean = () => true,
  ): Promise<boolean> => {
    const answer = await call(station, action, payload, cmd.callTimeoutMs);
    if (answer.ok && accept(answer.payload)) {
      recordAction(byAction, action, answer.ms);
      return true;
    }
    count(failedByStep, `${action} ${answer.ok ? 'refused' : typeof answer.payload === 'string' ? answer.payload : 'CALLERROR'}`);
    return false;
  };
  const one = async (station: Station): Promise<void> => {
    const began = performance.now();
    let ok = false;
    for (let attempt = 0; attempt < 4 && !ok && !stopping; attempt++) {
      if (attempt > 0) await sleep(backoff(attempt, { minMs: 200, maxMs: 2_000 }));
      const t = performance.now();
      ok = await openSocket(station, connect);
      if (ok) recordAction(byAction, 'connect', performance.now() - t);
    }
    if (!ok) return count(failedByStep, 'connect');
    const boot = {
      chargePointVendor: 'Voltlane',
      chargePointModel: 'Bench',
      chargePointSerialNumber: station.id,
      firmwareVersion: '1.0.0',
    };
    if (!(await step(station, 'BootNotification', boot, (p) => (p as { status?: string } | null)?.status === 'Accepted'))) return;
    station.booted = true;
    for (const connectorId of cmd.connectors) {
      const payload = { connectorId, errorCode: 'NoError', status: 'Available', timestamp: new Date().toISOString() };
      if (!(await step(station, 'StatusNotification', payload))) return;
    }
    if (!(await step(station, 'StartTransaction', payloadFor(station, 'StartTransaction'), () => station.transactionId !== undefined)))
      return;
    completed++;
    recordAction(byAction, 'station', performance.now() - began);
  };
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (next < mine.length && Date.now() < deadline && !stopping) await one(mine[next++]);
  };
  await Promise.all(Array.from({ length: Math.max(1, cmd.concurrency) }, () => worker()));
  if (next < mine.length) failedByStep['not started (time-out)'] = mine.length - next;
  send({
    ev: 'storm',
    status: snapshot(),
    storm: { elapsedMs: performance.now() - started, completed, failedByStep, byAction: actionJson(byAction) },
  });
}

function recordAction(map: Map<string, Histogram>, action: string, ms: number): void {
  let h = map.get(action);
  if (!h) map.set(action, (h = new Histogram()));
  h.record(ms);
}

function actionJson(map: Map<string, Histogram>): Record<string, HistogramJson> {
  return Object.fromEntries([...map.entries()].map(([k, h]) => [k, h.toJSON()]));
}

// ---------------------------------------------------------------- commands

function shutdown(): void {
  stopping = true;
  for (const s of stations) s.ws?.terminate();
  setTimeout(() => process.exit(0), 200).unref();
}

process.on('message', (message: LoadCommand) => {
  const run = async (): Promise<void> => {
    switch (message.cmd) {
      case 'connect':
        return connectAll(message);
      case 'burst':
        return burst(message);
      case 'rate':
        return rate(message);
      case 'fleet':
        return fleet(message);
      case 'startTransactions':
        return startTransactions(message);
      case 'storm':
        return storm(message);
      case 'status':
        return send({ ev: 'status', status: snapshot() });
      case 'resetStats':
        Object.assign(status, zeroCounters());
        return send({ ev: 'status', status: snapshot() });
      case 'exit':
        return shutdown();
    }
  };
  run().catch((error: unknown) => send({ ev: 'error', message: error instanceof Error ? error.message : String(error) }));
});
process.on('disconnect', shutdown);
send({ ev: 'ready' });
