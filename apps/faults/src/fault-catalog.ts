/** The five faults, each injected during a round of charging stations and then repaired. */
import { sleep } from '@voltlane/testing';
import { log } from './child-process';
import type { FaultInfra } from './fault-infra';
import type { VoltlaneStack } from './voltlane-stack';

export interface FaultContext {
  stack: VoltlaneStack;
  infra: FaultInfra;
}

export interface Fault {
  id: string;
  title: string;
  /** Breaks something and repairs it; resolves when the repair (restart) has completed. */
  inject(ctx: FaultContext): Promise<void>;
}

const OUTAGE_MS = 10_000;

export const FAULTS: readonly Fault[] = [
  {
    id: 'gateway-sigkill',
    title: 'Gateway instance killed with SIGKILL (stations reconnect to the other), then restarted',
    async inject({ stack }) {
      const gateway = stack.gateways[0];
      log(`SIGKILL ${gateway.proc.name} (pid ${gateway.proc.pid})`);
      await gateway.proc.stop('SIGKILL');
      await sleep(OUTAGE_MS);
      await stack.startGateway(gateway);
    },
  },
  {
    id: 'kafka-restart',
    title: 'Kafka broker stopped and restarted',
    async inject({ infra }) {
      await infra.stop('kafka');
      await sleep(OUTAGE_MS);
      await infra.start('kafka');
    },
  },
  {
    id: 'redis-restart',
    title: 'Redis stopped and restarted (empty: no persistence)',
    async inject({ infra }) {
      await infra.stop('redis');
      await sleep(OUTAGE_MS);
      await infra.start('redis');
    },
  },
  {
    id: 'service-sigkill',
    title: 'session-service and metering-service killed with SIGKILL mid-batch, then restarted',
    async inject({ stack }) {
      const victims = (['session', 'metering'] as const).map((name) => stack.services.get(name)).filter((s) => s !== undefined);
      for (const s of victims) log(`SIGKILL ${s.proc.name} (pid ${s.proc.pid})`);
      await Promise.all(victims.map((s) => s.proc.stop('SIGKILL')));
      await sleep(3_000);
      await Promise.all(victims.map((s) => stack.startService(s)));
    },
  },
  {
    id: 'postgres-restart',
    title: 'PostgreSQL stopped and restarted',
    async inject({ infra }) {
      await infra.stop('postgres');
      await sleep(OUTAGE_MS);
      await infra.start('postgres');
    },
  },
];
