/** Reads what Voltlane stored for a round: the services' PostgreSQL tables and billing.cdrs.v1. */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Topics } from '@voltlane/contracts';
import { createKafka } from '@voltlane/messaging';
import { sampleKey } from './frame-ledger';
import type { PublishedCdr, StoreSnapshot, StoredSession } from './store-snapshot';

export async function readStore(databaseUrl: string, kafkaBrokers: string, stationPrefix: string): Promise<StoreSnapshot> {
  const like = `${stationPrefix}-%`;
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const sessions = await db.query<{
      id: string;
      station_id: string;
      transaction_ref: string;
      transaction_id: number | null;
      status: string;
      energy_wh: string;
    }>('SELECT id, station_id, transaction_ref, transaction_id, status, energy_wh FROM session.session WHERE station_id LIKE $1', [like]);
    const samples = await db.query<{
      station_id: string;
      transaction_ref: string | null;
      sampled_at: Date;
      measurand: string;
      phase: string | null;
      location: string;
      context: string;
      n: string;
    }>(
      `SELECT station_id, transaction_ref, sampled_at, measurand, phase, location, context, count(*) AS n FROM metering.meter_samples
        WHERE station_id LIKE $1 GROUP BY station_id, transaction_ref, sampled_at, measurand, phase, location, context`,
      [like],
    );
    const cdrs = await db.query<{ session_id: string; n: string }>(
      'SELECT session_id, count(*) AS n FROM billing.cdrs WHERE station_id LIKE $1 GROUP BY session_id',
      [like],
    );
    return {
      sessions: sessions.rows.map((r): StoredSession => ({
        id: r.id,
        stationId: r.station_id,
        transactionRef: r.transaction_ref,
        transactionId: r.transaction_id,
        status: r.status,
        energyWh: Number(r.energy_wh),
      })),
      sampleRows: new Map(
        samples.rows.map((r) => [sampleKey(r.station_id, r.transaction_ref, r.sampled_at.toISOString(), r), Number(r.n)]),
      ),
      cdrRows: new Map(cdrs.rows.map((r) => [r.session_id, Number(r.n)])),
      cdrMessages: (await readCdrTopic(kafkaBrokers)).filter((c) => c.stationId.startsWith(`${stationPrefix}-`)),
    };
  } finally {
    await db.end();
  }
}

/** Every message on billing.cdrs.v1 from the beginning up to the current end (a fresh consumer group). */
export async function readCdrTopic(kafkaBrokers: string): Promise<PublishedCdr[]> {
  const kafka = createKafka({ brokers: [kafkaBrokers], clientId: 'faults-cdr-reader' });
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map<number, bigint>();
  try {
    for (const p of await admin.fetchTopicOffsets(Topics.BillingCdrs)) ends.set(p.partition, BigInt(p.high));
  } finally {
    await admin.disconnect();
  }
  const out: PublishedCdr[] = [];
  const pending = new Set([...ends].filter(([, high]) => high > 0n).map(([p]) => p));
  if (pending.size === 0) return out;
  const consumer = kafka.consumer({ groupId: `faults-cdrs-${randomUUID()}` });
  let idle: NodeJS.Timeout | undefined;
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: Topics.BillingCdrs, fromBeginning: true });
    let done: () => void = () => undefined;
    const finished = new Promise<void>((res) => (done = res));
    // Transactional producers leave commit markers at the end of a partition, which are never
    // delivered: besides reaching the high watermark, a partition quiet for a while is done too.
    let lastMessageAt: number | undefined;
    consumer.on(consumer.events.GROUP_JOIN, () => (lastMessageAt = Date.now()));
    idle = setInterval(() => {
      if (lastMessageAt !== undefined && Date.now() - lastMessageAt > 4_000) done();
    }, 500);
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        lastMessageAt = Date.now();
        if (message.value) {
          const cdr = JSON.parse(message.value.toString()) as PublishedCdr & { energyWh: number | string };
          out.push({ cdrId: cdr.cdrId, sessionId: cdr.sessionId, stationId: cdr.stationId, energyWh: Number(cdr.energyWh) });
        }
        if (BigInt(message.offset) + 1n >= (ends.get(partition) ?? 0n)) {
          pending.delete(partition);
          if (pending.size === 0) done();
        }
      },
    });
    await Promise.race([
      finished,
      new Promise((_, rej) => setTimeout(() => rej(new Error('reading billing.cdrs.v1 took over 60 s')), 60_000)),
    ]);
  } finally {
    clearInterval(idle);
    await consumer.disconnect();
  }
  return out;
}
