import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { hashSecret, type ScryptCost } from '@voltlane/security';
import type { BootStatus, BootStatusStore, StationCredential, StationCredentialStore } from '@voltlane/messaging';
import { StationCredentialEntity } from '../entities/station-credential.entity';
import { StationEntity } from '../entities/station.entity';
import { ensureStation } from './insert-ignore';

export interface StationCredentialInput {
  /** Basic-auth password (profiles 1 and 2); hashed here, never stored or logged in plaintext. */
  password?: string;
  /** Expected client-certificate subject CN (profile 3); the gateway defaults it to the station id. */
  certificateSubject?: string;
  securityProfile: 0 | 1 | 2 | 3;
}

/**
 * Station credentials: persisted in the service's database (the source of truth) and written
 * to the Redis store the gateway checks. `republish()` rebuilds Redis from the database.
 */
export class CredentialService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: StationCredentialStore,
    private readonly bootStatus: BootStatusStore,
    private readonly logger: Logger,
    private readonly scryptCost?: ScryptCost,
  ) {}

  async set(stationId: string, input: StationCredentialInput): Promise<void> {
    if ((input.securityProfile === 1 || input.securityProfile === 2) && !input.password) {
      throw new Error(`security profile ${input.securityProfile} needs a Basic-auth password`);
    }
    const passwordHash = input.password ? await hashSecret(input.password, this.scryptCost) : null;
    const row = { stationId, passwordHash, certificateSubject: input.certificateSubject ?? null, securityProfile: input.securityProfile, updatedAt: new Date() };
    await this.dataSource.transaction(async (m) => {
      await ensureStation(m, stationId);
      await m.getRepository(StationEntity).update({ id: stationId }, { provisioned: true, updatedAt: new Date() });
      await m.getRepository(StationCredentialEntity).upsert(row, ['stationId']);
    });
    await this.store.put(toCredential(row));
    this.logger.info({ stationId, securityProfile: input.securityProfile }, 'station credentials set');
  }

  async remove(stationId: string): Promise<void> {
    await this.dataSource.getRepository(StationCredentialEntity).delete({ stationId });
    await this.store.remove(stationId);
  }

  /** Writes every stored credential and boot status to Redis (start-up: a flushed Redis recovers). */
  async republish(): Promise<{ credentials: number; bootStatuses: number }> {
    const credentials = await this.dataSource.getRepository(StationCredentialEntity).find();
    for (const row of credentials) await this.store.put(toCredential(row));
    const stations: { id: string; boot_status: BootStatus }[] = await this.dataSource.query(`SELECT id, boot_status FROM station WHERE boot_status IS NOT NULL`);
    for (const station of stations) await this.bootStatus.set(station.id, station.boot_status);
    this.logger.info({ credentials: credentials.length, bootStatuses: stations.length }, 'credentials and boot statuses republished');
    return { credentials: credentials.length, bootStatuses: stations.length };
  }
}

function toCredential(row: Pick<StationCredentialEntity, 'stationId' | 'passwordHash' | 'certificateSubject' | 'securityProfile'>): StationCredential {
  return {
    stationId: row.stationId,
    securityProfile: row.securityProfile as StationCredential['securityProfile'],
    ...(row.passwordHash ? { passwordHash: row.passwordHash } : {}),
    ...(row.certificateSubject ? { certificateSubject: row.certificateSubject } : {}),
  };
}
