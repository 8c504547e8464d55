import Redis, { type Command } from 'ioredis';

/** A Redis connection with bounded reconnect back-off; callers create one per role. */
export function createRedis(url: string, name: string): Redis {
  const redis = new Redis(url, {
    connectionName: name,
    lazyConnect: false,
    maxRetriesPerRequest: 3,
    enableAutoPipelining: true,
    retryStrategy: (attempt) => Math.min(50 * 2 ** attempt, 2_000),
    // No CLIENT SETINFO on connect: servers before 7.2 refuse it, which would count as two failed
    // commands per connection (the connection name above identifies it).
    disableClientInfo: true,
  });
  track(redis, name);
  return redis;
}

/** What the metrics read about the Redis connections of one name (plain numbers, kept as things happen). */
export interface RedisConnectionReading {
  /** The connection name, e.g. `session-service:ab12:registry`. */
  name: string;
  /** Some connection of this name is open and ready for commands. */
  up: boolean;
  /** Reconnection attempts after a lost connection. */
  reconnects: number;
  /** Commands that failed: an error reply, a connection lost with the command in flight, retries exhausted. */
  commandErrors: number;
}

interface Tracked {
  name: string;
  clients: Set<Redis>;
  reconnects: number;
  commandErrors: number;
}

/** Every connection name this process has opened; a name's counters outlive its clients (they only grow). */
const tracked = new Map<string, Tracked>();
const COUNTED = Symbol('voltlane.redis.counted');

/** The Redis connections of this process whose name starts with `prefix` (e.g. `gateway:`). */
export function redisConnections(prefix: string): RedisConnectionReading[] {
  return [...tracked.values()]
    .filter((t) => t.name.startsWith(prefix))
    .map((t) => ({
      name: t.name,
      up: [...t.clients].some((c) => c.status === 'ready'),
      reconnects: t.reconnects,
      commandErrors: t.commandErrors,
    }));
}

function track(redis: Redis, name: string): void {
  let entry = tracked.get(name);
  if (!entry) tracked.set(name, (entry = { name, clients: new Set(), reconnects: 0, commandErrors: 0 }));
  const stats = entry;
  stats.clients.add(redis);
  redis.on('reconnecting', () => stats.reconnects++);
  redis.on('end', () => stats.clients.delete(redis));
  // Each command's reject is wrapped once (a command may pass here again after a reconnect);
  // the prototype's sendCommand is looked up on each call, so an instrumentation that patches it
  // (OpenTelemetry) still runs.
  redis.sendCommand = (command: Command & { [COUNTED]?: true }, stream?: Parameters<Redis['sendCommand']>[1]) => {
    if (!command[COUNTED]) {
      command[COUNTED] = true;
      const reject = command.reject;
      command.reject = (error: Error) => {
        stats.commandErrors++;
        reject(error);
      };
    }
    return (Object.getPrototypeOf(redis) as Redis).sendCommand.call(redis, command, stream);
  };
}
