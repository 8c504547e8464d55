import type { Logger } from 'pino';
import {
  InMemoryBootStatusStore,
  InMemoryBus,
  InMemoryConnectionRegistry,
  InMemoryReplyChannel,
  InMemoryStationCredentialStore,
  InMemoryStationLimitStore,
  StationCommandClient,
  type EventPublisher,
} from '@voltlane/messaging';
import { Topics } from '@voltlane/contracts';
import type { DeadLetterStore } from '../dead-letters/dead-letter-store';
import { commandEventSink } from './command-event-sink';
import type { ServicePorts } from './service-runtime';
import { closeStationStateStores, type StationStateStores } from './station-state-stores';

/**
 * One set of in-process adapters shared by the gateway and every service of a process: the
 * all-in-one process runs on them, and so do the medium tests (@voltlane/testing/medium).
 */
export interface InProcessPorts {
  bus: InMemoryBus;
  replyChannel: InMemoryReplyChannel;
  registry: InMemoryConnectionRegistry;
  credentials: InMemoryStationCredentialStore;
  bootStatus: InMemoryBootStatusStore;
  limits: InMemoryStationLimitStore;
  deadLetters: DeadLetterStore;
  /** Ports as a service sees them; closing them is the process's job, not the service's. */
  forService(name: string): ServicePorts;
  close(): Promise<void>;
}

/** `openDeadLetters` opens the dead-letter table with the bus as the way back for re-driven records. */
export async function createInProcessPorts(
  logger: Logger,
  openDeadLetters: (publisher: EventPublisher) => Promise<DeadLetterStore>,
): Promise<InProcessPorts> {
  const bus = new InMemoryBus((error, message) =>
    logger.warn({ err: error, topic: message.topic, key: message.key }, 'handler failed; re-delivering'),
  );
  const deadLetters = await openDeadLetters(bus);
  const stores = {
    replyChannel: new InMemoryReplyChannel(),
    registry: new InMemoryConnectionRegistry(),
    credentials: new InMemoryStationCredentialStore(),
    bootStatus: new InMemoryBootStatusStore(),
    limits: new InMemoryStationLimitStore(),
  } satisfies StationStateStores;
  const commandClients: StationCommandClient[] = [];
  return {
    bus,
    ...stores,
    deadLetters,
    forService: (name) => {
      const commands = new StationCommandClient(
        stores.registry,
        stores.replyChannel,
        name,
        commandEventSink(bus, Topics.OcppCommands, name),
      );
      commandClients.push(commands);
      return { publisher: bus, subscriber: bus, ...stores, commands, deadLetters, close: async () => commands.close() };
    },
    close: async () => {
      await Promise.all(commandClients.map((c) => c.close()));
      await bus.close();
      await deadLetters.close();
      await closeStationStateStores(stores);
    },
  };
}
