import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export type ApiKeyScope = 'read' | 'write' | 'admin';
export const API_KEY_SCOPES: readonly ApiKeyScope[] = ['read', 'write', 'admin'];

@Entity({ name: 'api_keys' })
export class ApiKeyEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  scope!: ApiKeyScope;

  /** scrypt hash of the whole key; the key itself is shown once, at creation. */
  @Column({ name: 'key_hash', type: 'text' })
  keyHash!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;
}
