import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The OCPP message log (`ocpp.frames.v1`): every frame a gateway received from a station or sent
 * to it. Partitioned by `at`, one partition per UTC day (`ocpp_frames_yyyymmdd`, made ahead and on
 * demand by the service, see FramePartitions), so that the retention drops whole days instead of
 * deleting rows. The indexes are declared on the parent: every partition gets them.
 * `message_type` is the OCPP-J message type (2 CALL … 6 SEND), null when the frame is not an
 * OCPP-J array; `action` is what the gateway knew.
 */
export class CreateOcppFrames1765100000000 implements MigrationInterface {
  name = 'CreateOcppFrames1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ocpp_frames (
        seq bigserial NOT NULL,
        at timestamptz NOT NULL,
        station_id text NOT NULL,
        connection_id text NOT NULL,
        direction text NOT NULL CHECK (direction IN ('in', 'out')),
        message_type smallint CHECK (message_type BETWEEN 2 AND 6),
        message_id text,
        action text,
        frame text NOT NULL,
        truncated boolean NOT NULL DEFAULT false
      ) PARTITION BY RANGE (at)`);
    await q.query(`CREATE INDEX ocpp_frames_station_at ON ocpp_frames (station_id, at, seq)`);
    await q.query(`CREATE INDEX ocpp_frames_station_message ON ocpp_frames (station_id, message_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Drops every day partition with it.
    await q.query('DROP TABLE ocpp_frames');
  }
}
