import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Upload slots for diagnostics/log files stations send, and operator-uploaded firmware images. */
export class StationFiles1764200000001 implements MigrationInterface {
  name = 'StationFiles1764200000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE station_upload (
        id uuid PRIMARY KEY,
        station_id text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('diagnostics', 'log')),
        request_id integer,
        token_hash text NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        max_bytes bigint NOT NULL,
        state text NOT NULL CHECK (state IN ('Requested', 'Rejected', 'Received')),
        request_status text,
        announced_file_name text,
        file_key text,
        file_name text,
        content_type text,
        size bigint,
        sha256 text,
        received_at timestamptz
      )`);
    await q.query(`CREATE INDEX station_upload_station ON station_upload (station_id, created_at)`);
    await q.query(`
      CREATE TABLE firmware_image (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        version text NOT NULL,
        file_name text NOT NULL,
        file_key text NOT NULL,
        size bigint NOT NULL,
        sha256 text NOT NULL,
        download_token text NOT NULL,
        uploaded_by text,
        created_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX firmware_image_created ON firmware_image (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE firmware_image');
    await q.query('DROP TABLE station_upload');
  }
}
