import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { Kafka, logLevel } from 'kafkajs';
import { infraEnv, uniqueName } from './infra-env';

/**
 * One test run of the whole deployment as processes (the start:distributed launcher) on the
 * shared test servers: its own topic suffix, database schemas and consumer groups, so it meets
 * no other suite's records or rows, and their removal afterwards.
 */
export class IsolatedRun {
  private readonly infra = infraEnv();
  readonly suffix: string;
  private readonly schemas: Record<string, string>;
  private readonly groups: Record<string, string>;

  constructor(
    prefix: string,
    /** The services (`station`, `session`, …): each gets `<SERVICE>_SERVICE_DB_SCHEMA` and `_GROUP_ID`. */
    services: readonly string[],
  ) {
    this.suffix = `.${uniqueName(prefix)}`;
    this.schemas = {
      ...Object.fromEntries(services.map((s) => [`${s.toUpperCase()}_SERVICE_DB_SCHEMA`, uniqueName(s)])),
      DEAD_LETTERS_DB_SCHEMA: uniqueName('ops'),
      API_KEYS_DB_SCHEMA: uniqueName('iam'),
    };
    this.groups = Object.fromEntries(services.map((s) => [`${s.toUpperCase()}_SERVICE_GROUP_ID`, uniqueName(`${s}_group`)]));
  }

  /** The environment of the launcher and its apps: the servers, the run's names, a state directory of its own. */
  env(): Record<string, string> {
    return {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      KAFKA_BROKERS: this.infra.kafkaBrokers.join(','),
      REDIS_URL: this.infra.redisUrl,
      DATABASE_URL: this.infra.databaseUrl,
      TOPIC_SUFFIX: this.suffix,
      KAFKA_TOPIC_PARTITIONS: '2',
      ...this.groups,
      ...this.schemas,
      VOLTLANE_DISTRIBUTED_DIR: mkdtempSync(join(tmpdir(), 'voltlane-run-')),
    };
  }

  /** Deletes the run's topics (every topic with its suffix) and drops its schemas. */
  async cleanUp(): Promise<void> {
    const admin = new Kafka({ brokers: this.infra.kafkaBrokers, clientId: 'isolated-run', logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const topics = (await admin.listTopics()).filter((t) => t.endsWith(this.suffix));
      if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 10_000 });
    } finally {
      await admin.disconnect();
    }
    const db = new Client({ connectionString: this.infra.databaseUrl });
    await db.connect();
    try {
      for (const schema of Object.values(this.schemas)) await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    } finally {
      await db.end();
    }
  }
}
