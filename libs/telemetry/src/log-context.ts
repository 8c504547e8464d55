import { AsyncLocalStorage } from 'node:async_hooks';

/** Fields added to every log line written while handling one message (station id, message id…). */
export type LogFields = Readonly<Record<string, string | number | undefined>>;

const storage = new AsyncLocalStorage<LogFields>();

export function withLogContext<T>(fields: LogFields, work: () => T): T {
  return storage.run({ ...storage.getStore(), ...fields }, work);
}

export function currentLogFields(): LogFields | undefined {
  return storage.getStore();
}
