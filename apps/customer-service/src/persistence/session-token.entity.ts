import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Which token a session runs under, from `sessions.lifecycle.v1`; counts for ConcurrentTx. */
@Entity({ name: 'session_tokens' })
export class SessionTokenEntity {
  @PrimaryColumn('text', { name: 'session_id' })
  sessionId!: string;

  /** As the session-service sent it: a `tokenKey` or an `idTagKey`. */
  @Column('text', { name: 'token_key', nullable: true })
  tokenKey!: string | null;

  /** Once true it stays true (an Ended event redelivered before its Started does not revive it). */
  @Column('boolean')
  ended!: boolean;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
