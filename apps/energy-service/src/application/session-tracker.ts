import type { SessionLifecycleEvent } from '@voltlane/contracts';
import type { DataSource } from 'typeorm';
import type { SessionRepository } from '../persistence/session.repository';
import { markStationSiteDue } from '../persistence/site-replan';

/** Sessions whose EVSE and token this process has stored, at most (the oldest are forgotten first). */
const KNOWN_LIMIT = 50_000;

interface Known {
  evse: boolean;
  token: string | null;
}

/**
 * The sessions load management shares capacity between (sessions.lifecycle.v1): Started inserts,
 * Updated fills the EVSE and token, Ended ends; a start, an end or a newly known EVSE re-plans the
 * station's site after the debounce. Most records are Updated ones that only carry energy: once this
 * process has stored a running session's EVSE and token, such a record is dropped without a
 * statement (one per MeterValues otherwise). Forgetting a session only costs a statement.
 */
export class SessionTracker {
  private readonly known = new Map<string, Known>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly sessions: SessionRepository,
    private readonly debounceMs: number,
  ) {}

  async apply(event: SessionLifecycleEvent): Promise<void> {
    const known = this.known.get(event.sessionId);
    if (event.type === 'Updated' && known?.evse && (event.idTokenKey === undefined || event.idTokenKey === known.token)) return;
    const change = await this.sessions.apply(event);
    this.remember(event, known);
    const reason = change.ended ? 'session-ended' : change.started ? 'session-started' : change.evseLearnt ? 'session-evse' : undefined;
    if (reason) await markStationSiteDue(this.dataSource, event.stationId, `${reason}:${event.stationId}`, this.debounceMs);
  }

  private remember(event: SessionLifecycleEvent, known: Known | undefined): void {
    this.known.delete(event.sessionId);
    if (event.type === 'Ended') return;
    const evse = (known?.evse ?? false) || event.evseId !== undefined || event.connectorId !== undefined;
    this.known.set(event.sessionId, { evse, token: event.idTokenKey ?? known?.token ?? null });
    if (this.known.size > KNOWN_LIMIT) this.known.delete(this.known.keys().next().value as string);
  }
}
