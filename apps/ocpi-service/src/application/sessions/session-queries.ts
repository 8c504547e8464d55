import type { DataSource } from 'typeorm';
import type { OcpiCdr } from '../../domain/cdr-mapping';
import type { OcpiSession } from '../../domain/session-mapping';
import type { CdrRepository, StoredCdr } from '../../persistence/cdr.repository';
import type { PushDelivery, SessionReferencesRepository } from '../../persistence/session-references.repository';
import type { PullFilter, RoamingSessionRow, SessionRepository } from '../../persistence/session.repository';

/** Reads of roaming sessions and CDRs: the eMSPs' pulls (their parties only) and the operator's lookups. */
export class SessionQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sessions: SessionRepository,
    private readonly cdrs: CdrRepository,
    private readonly references: SessionReferencesRepository,
  ) {}

  sessionsPage(filter: PullFilter): Promise<{ items: OcpiSession[]; total: number }> {
    return filter.parties.length === 0 ? Promise.resolve({ items: [], total: 0 }) : this.sessions.page(this.dataSource, filter);
  }

  cdrsPage(filter: PullFilter): Promise<{ items: OcpiCdr[]; total: number }> {
    return filter.parties.length === 0 ? Promise.resolve({ items: [], total: 0 }) : this.cdrs.page(this.dataSource, filter);
  }

  /** A roaming session and where its latest push stands. */
  async session(sessionId: string): Promise<{ row: RoamingSessionRow; delivery: PushDelivery | undefined } | undefined> {
    const row = await this.sessions.get(this.dataSource, sessionId);
    if (!row) return undefined;
    const delivery = row.partnerId ? await this.references.latestPush(this.dataSource, row.partnerId, `session:${sessionId}`) : undefined;
    return { row, delivery };
  }

  /** A roaming CDR (with the eMSP's Location once it took it) and where its POST stands. */
  async cdr(cdrId: string): Promise<{ stored: StoredCdr; delivery: PushDelivery | undefined } | undefined> {
    const stored = await this.cdrs.get(this.dataSource, cdrId);
    if (!stored) return undefined;
    const delivery = stored.partnerId ? await this.references.latestPush(this.dataSource, stored.partnerId, `cdr:${cdrId}`) : undefined;
    return { stored: { ...stored, emspLocation: stored.emspLocation ?? delivery?.location ?? null }, delivery };
  }
}
