import type { BusMessage } from '@voltlane/messaging';

/**
 * Headers of a record re-driven from a dead letter: only the consumer group named in the first
 * handles it (the others already did), and failing again updates the same dead letter.
 */
export const RedriveHeader = {
  Group: 'voltlane-redrive-group',
  DeadLetterId: 'voltlane-dead-letter-id',
} as const;

/** A record a consumer parked because it can never succeed as it is. */
export interface DeadLetterInput {
  /** The consumer group that failed it (a service's group on a topic). */
  groupId: string;
  /** The part of the consumer that failed (a handler, an observer, a consumer). */
  stage: string;
  message: BusMessage;
  code: string;
  reason: string;
  /** For station frames: what the station sent. */
  stationId?: string;
  action?: string;
  messageId?: string;
}

/** Where consumers park records (the `dead_letters` table shared by every service). */
export interface DeadLetterSink {
  record(input: DeadLetterInput): Promise<void>;
}

/** The dead letters as operators see them: listed, re-driven, discarded. */
export interface DeadLetters extends DeadLetterSink {
  list(filter: DeadLetterFilter): Promise<{ items: DeadLetterView[]; total: number }>;
  get(id: string): Promise<DeadLetterView | null>;
  /** Publishes the record again for the consumer group that failed it; null when there is no such letter. */
  redrive(id: string): Promise<DeadLetterView | null>;
  discard(id: string): Promise<DeadLetterView | null>;
}

export type DeadLetterStatus = 'open' | 'redriven' | 'discarded';

export interface DeadLetterView {
  id: string;
  groupId: string;
  stage: string;
  topic: string;
  partition: number;
  offset: string;
  key: string;
  stationId: string | null;
  action: string | null;
  messageId: string | null;
  code: string;
  reason: string;
  payload: string;
  headers: Record<string, string>;
  status: DeadLetterStatus;
  occurrences: number;
  redriveCount: number;
  firstFailedAt: string;
  lastFailedAt: string;
  redrivenAt: string | null;
}

export interface DeadLetterFilter {
  status?: DeadLetterStatus;
  groupId?: string;
  stationId?: string;
  action?: string;
  code?: string;
  limit: number;
  offset: number;
}

/** True when a re-driven record is meant for another consumer group. */
export function redrivenForAnotherGroup(message: BusMessage, groupId: string): boolean {
  const target = message.headers[RedriveHeader.Group];
  return target !== undefined && target !== groupId;
}
