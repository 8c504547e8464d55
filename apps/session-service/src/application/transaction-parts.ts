import type { SessionLifecycle } from '../domain/session-lifecycle';
import type { LifecycleOutbox } from '../persistence/outbox/lifecycle-outbox';
import type { OutboxRelay } from '../persistence/outbox/outbox-relay';
import type { RemoteStartRepository } from '../persistence/remote-start.repository';
import type { ReservationRepository } from '../persistence/reservation.repository';
import type { SessionRepository } from '../persistence/session.repository';
import type { TokenAuthorizer } from './token-authorizer';

/**
 * What the 1.6 (Start/StopTransaction) and 2.x (TransactionEvent) transaction services both work
 * with: the sessions and the rules they follow, the token checks, the reservations and remote
 * starts a transaction uses, and the outbox (with its relay) the lifecycle events leave through.
 */
export interface TransactionParts {
  sessions: SessionRepository;
  reservations: ReservationRepository;
  authorizer: TokenAuthorizer;
  lifecycle: SessionLifecycle;
  events: LifecycleOutbox;
  relay: OutboxRelay;
  remoteStarts: RemoteStartRepository;
}
