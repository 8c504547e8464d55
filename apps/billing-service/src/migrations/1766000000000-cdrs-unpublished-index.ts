import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * CDRs issued and not (yet) published, for the backlog metrics read on every scrape: a partial
 * index holds only those rows, so counting them never scans the whole CDR history.
 */
export class CdrsUnpublishedIndex1766000000000 implements MigrationInterface {
  readonly name = 'CdrsUnpublishedIndex1766000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX cdrs_unpublished_idx ON cdrs (issued_at) WHERE published_at IS NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX cdrs_unpublished_idx`);
  }
}
