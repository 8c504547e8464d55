import type { EntityManager } from 'typeorm';
import type { OcpiModuleId } from './partners';

/** One push to a partner, as queued. */
export interface PushRequest {
  partnerId: string;
  module: OcpiModuleId;
  /**
   * Pushes with the same (partner, objectKey) are delivered strictly in the order queued (a
   * location and its EVSEs: `location:<id>`; a session: `session:<id>`; a command result: `command:<id>`).
   */
  objectKey: string;
  method: 'PUT' | 'PATCH' | 'POST' | 'DELETE';
  /** Appended to the module's RECEIVER endpoint URL at send time (e.g. `/NL/VLT/LOC1/EVSE1`; '' for CDR POST). */
  path?: string;
  /** An absolute URL instead (a command's `response_url`). */
  url?: string;
  /** OCPI-to-* routing headers (the party the object is for). */
  to?: { countryCode: string; partyId: string };
  body?: unknown;
}

/**
 * The durable queue of pushes (table `outbox`): `enqueue` stores them (in the caller's transaction
 * when given one, so a change and its push commit together); the sender delivers them in order per
 * (partner, object) with back-off until the partner takes them, across restarts. Owned by the push part.
 */
export interface PushOutbox {
  enqueue(requests: readonly PushRequest[], manager?: EntityManager): Promise<void>;
}
