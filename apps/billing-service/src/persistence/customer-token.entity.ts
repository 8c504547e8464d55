import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Read model of customers.tokens.v1: token key → customer (and pricing group, once published). */
@Entity({ name: 'customer_tokens' })
export class CustomerTokenEntity {
  @PrimaryColumn('text') key!: string;
  @Column('text', { name: 'customer_id', nullable: true }) customerId!: string | null;
  @Column('text', { name: 'customer_group', nullable: true }) customerGroup!: string | null;
  @Column('bigint') revision!: string;
  @Column('boolean') deleted!: boolean;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
