import type { SessionLifecycleEvent } from '@voltlane/contracts';
import type { DataSource } from 'typeorm';
import type { CommandRepository } from '../../persistence/command.repository';
import type { TokenRepository } from '../../persistence/token.repository';

/**
 * The station and transaction of every roaming session (its id token is an eMSP token: a value in
 * `tokens`), so that STOP_SESSION can send RemoteStopTransaction / RequestStopTransaction.
 * Idempotent; an ended session stays ended. Fed by the one sessions.lifecycle.v1 consumer.
 */
export class SessionTransactions {
  constructor(
    private readonly dataSource: DataSource,
    private readonly commands: CommandRepository,
    private readonly tokens: TokenRepository,
  ) {}

  async apply(event: SessionLifecycleEvent): Promise<void> {
    const db = this.dataSource.manager;
    const ended = event.type === 'Ended';
    if (event.idTokenKey === undefined) {
      if (ended) await this.commands.endSessionTransaction(db, event.sessionId);
      return;
    }
    const value = event.idTokenKey.slice(event.idTokenKey.indexOf(':') + 1);
    if ((await this.tokens.partiesOfUid(db, value)).length === 0) return;
    await this.commands.recordSessionTransaction(db, {
      sessionId: event.sessionId,
      stationId: event.stationId,
      protocol: event.protocol,
      transactionRef: event.transactionRef,
      idTokenKey: event.idTokenKey,
      ended,
    });
  }
}
