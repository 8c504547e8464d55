import { PermanentFailure } from '@voltlane/service-kit';
import { EnergyError } from '../application/topology/energy-error';

/** A record the energy-service refuses (unknown site or node, a limit id of another node …) can never succeed: park it. */
export function asPermanent(error: unknown): never {
  if (error instanceof EnergyError) throw new PermanentFailure(error.code, error.message);
  throw error;
}

/** A contract timestamp as a Date; one that names no instant (a leap second passes the format) is a permanent failure. */
export function instantOf(value: string, field: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new PermanentFailure('BadTime', `${field} ${value} names no instant`);
  return date;
}
