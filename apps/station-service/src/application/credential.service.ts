import type { DataSource, EntityManager } from 'typeorm';
import type { Logger } from 'pino';
import { hashSecret, verifySecret, type ScryptCost } from '@voltlane/security';
import {
  credentialFingerprint,
  type BootStatus,
  type BootStatusStore,
  type StationCredential,
  type StationCredentialStore,
  type StationSecret,
} from '@voltlane/messaging';
import { StationCredentialEntity } from '../persistence/station-credential.entity';
import { StationEntity } from '../persistence/station.entity';
import { ensureStation } from '../persistence/insert-ignore';

type Profile = StationSecret['securityProfile'];

export interface StationCredentialInput {
  /** Basic-auth password (profiles 1 and 2); hashed here, never stored or logged in plaintext. */
  password?: string;
  /** Expected client-certificate subject CN (profile 3); the gateway defaults it to the station id. */
  certificateSubject?: string;
  securityProfile: Profile;
}

/** What changes in a rotation; the rest of the pending credential is the current one's. */
export type CredentialChange = Partial<StationCredentialInput>;

/**
 * Station credentials: persisted in the service's database (the source of truth) and written
 * to the Redis store the gateway checks. `republish()` rebuilds Redis from the database.
 *
 * Rotation has no window (issue #17): `stage()` stores the new credential as pending before the
 * command that gives it to the station is sent; the gateway accepts the current and the pending
 * one; `promote()` makes the pending one current (the old one stops working) once the station has
 * connected with it; `dropPending()` forgets it when the station refuses the change.
 */
export class CredentialService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: StationCredentialStore,
    private readonly bootStatus: BootStatusStore,
    private readonly logger: Logger,
    private readonly scryptCost?: ScryptCost,
  ) {}

  /** Sets the station's credential outright (an operator's act): any rotation under way is dropped. */
  async set(stationId: string, input: StationCredentialInput): Promise<void> {
    if ((input.securityProfile === 1 || input.securityProfile === 2) && !input.password) {
      throw new Error(`security profile ${input.securityProfile} needs a Basic-auth password`);
    }
    const passwordHash = input.password ? await hashSecret(input.password, this.scryptCost) : null;
    const row = {
      stationId,
      passwordHash,
      certificateSubject: input.certificateSubject ?? null,
      securityProfile: input.securityProfile,
      ...NO_PENDING,
      updatedAt: new Date(),
    };
    await this.dataSource.transaction(async (m) => {
      await ensureStation(m, stationId);
      await m.getRepository(StationEntity).update({ id: stationId }, { provisioned: true, updatedAt: new Date() });
      await m.getRepository(StationCredentialEntity).upsert(row, ['stationId']);
    });
    await this.store.put(toCredential(row));
    this.logger.info({ stationId, securityProfile: input.securityProfile }, 'station credentials set');
  }

  /**
   * Stores `change` over the current credential as the pending one and publishes both, before the
   * station is told; returns the pending credential's fingerprint. A station without a credential
   * here keeps connecting as the gateway's store says (or on profile 0) until it proves the new one.
   */
  async stage(stationId: string, change: CredentialChange): Promise<string> {
    const passwordHash = change.password ? await hashSecret(change.password, this.scryptCost) : undefined;
    // Without a row here, the credential the gateway checks today is the current one (written to the store directly).
    const published = await this.store.get(stationId);
    const row = await this.dataSource.transaction(async (m) => {
      await ensureStation(m, stationId);
      const current = await locked(m, stationId);
      const base = current ?? {
        stationId,
        passwordHash: published?.passwordHash ?? null,
        certificateSubject: published?.certificateSubject ?? null,
        securityProfile: published?.securityProfile ?? 0,
        updatedAt: new Date(),
      };
      const currentProfile = base.securityProfile as Profile;
      const profile = change.securityProfile ?? (passwordHash && currentProfile === 0 ? 1 : currentProfile);
      const next = {
        ...base,
        pendingPasswordHash: profile === 1 || profile === 2 ? (passwordHash ?? base.passwordHash) : null,
        pendingCertificateSubject: change.certificateSubject ?? base.certificateSubject,
        pendingSecurityProfile: profile,
        pendingSince: new Date(),
        updatedAt: new Date(),
      };
      await m.getRepository(StationCredentialEntity).upsert(next, ['stationId']);
      return next;
    });
    const credential = toCredential(row);
    await this.store.put(credential);
    this.logger.info(
      { stationId, securityProfile: row.securityProfile, pendingSecurityProfile: row.pendingSecurityProfile },
      'station credential rotation staged: the current and the new one are accepted',
    );
    return credentialFingerprint(credential.pending as StationSecret);
  }

  /** The station refused the change: the pending credential (if it is still `fingerprint`) is forgotten. */
  async dropPending(stationId: string, fingerprint: string): Promise<boolean> {
    const row = await this.replacePending(stationId, fingerprint, (current) => ({ ...current, ...NO_PENDING }));
    if (row) this.logger.info({ stationId }, 'station credential rotation dropped: the station refused it; the current one stays');
    return row !== undefined;
  }

  /** The station connected with the pending credential `fingerprint`: it becomes the current one, the old one is revoked. */
  async promote(stationId: string, fingerprint: string): Promise<boolean> {
    const row = await this.replacePending(stationId, fingerprint, (current) => ({
      ...current,
      passwordHash: current.pendingPasswordHash,
      certificateSubject: current.pendingCertificateSubject,
      securityProfile: current.pendingSecurityProfile as number,
      ...NO_PENDING,
    }));
    if (row)
      this.logger.info(
        { stationId, securityProfile: row.securityProfile },
        'station credential rotated: the station proved the new one; the old one is revoked',
      );
    return row !== undefined;
  }

  /** Whether `password` is the station's pending or current password (a result applied after the rotation started). */
  async knowsPassword(stationId: string, password: string): Promise<boolean> {
    const row = await this.dataSource.getRepository(StationCredentialEntity).findOneBy({ stationId });
    for (const hash of [row?.pendingPasswordHash, row?.passwordHash]) if (hash && (await verifySecret(password, hash))) return true;
    return false;
  }

  async remove(stationId: string): Promise<void> {
    await this.dataSource.getRepository(StationCredentialEntity).delete({ stationId });
    await this.store.remove(stationId);
  }

  /** Writes every stored credential and boot status to Redis (start-up: a flushed Redis recovers). */
  async republish(): Promise<{ credentials: number; bootStatuses: number }> {
    const credentials = await this.dataSource.getRepository(StationCredentialEntity).find();
    for (const row of credentials) await this.store.put(toCredential(row));
    const stations: { id: string; boot_status: BootStatus }[] = await this.dataSource.query(
      `SELECT id, boot_status FROM station WHERE boot_status IS NOT NULL`,
    );
    for (const station of stations) await this.bootStatus.set(station.id, station.boot_status);
    this.logger.info({ credentials: credentials.length, bootStatuses: stations.length }, 'credentials and boot statuses republished');
    return { credentials: credentials.length, bootStatuses: stations.length };
  }

  private async replacePending(
    stationId: string,
    fingerprint: string,
    next: (current: StationCredentialEntity) => StationCredentialEntity,
  ): Promise<StationCredentialEntity | undefined> {
    const row = await this.dataSource.transaction(async (m) => {
      const current = await locked(m, stationId);
      const pending = current ? toCredential(current).pending : undefined;
      if (!current || !pending || credentialFingerprint(pending) !== fingerprint) return undefined;
      const replaced = { ...next(current), updatedAt: new Date() };
      await m.getRepository(StationCredentialEntity).save(replaced);
      return replaced;
    });
    if (row) await this.store.put(toCredential(row));
    return row;
  }
}

const NO_PENDING = {
  pendingPasswordHash: null,
  pendingCertificateSubject: null,
  pendingSecurityProfile: null,
  pendingSince: null,
} as const;

function locked(m: EntityManager, stationId: string): Promise<StationCredentialEntity | null> {
  return m.getRepository(StationCredentialEntity).findOne({ where: { stationId }, lock: { mode: 'pessimistic_write' } });
}

type CredentialRow = Pick<StationCredentialEntity, 'stationId' | 'passwordHash' | 'certificateSubject' | 'securityProfile'> &
  Partial<Pick<StationCredentialEntity, 'pendingPasswordHash' | 'pendingCertificateSubject' | 'pendingSecurityProfile'>>;

function toSecret(profile: number, passwordHash: string | null | undefined, certificateSubject: string | null | undefined): StationSecret {
  return {
    securityProfile: profile as Profile,
    ...(passwordHash ? { passwordHash } : {}),
    ...(certificateSubject ? { certificateSubject } : {}),
  };
}

function toCredential(row: CredentialRow): StationCredential {
  const pending =
    row.pendingSecurityProfile === null || row.pendingSecurityProfile === undefined
      ? undefined
      : toSecret(row.pendingSecurityProfile, row.pendingPasswordHash, row.pendingCertificateSubject);
  return {
    stationId: row.stationId,
    ...toSecret(row.securityProfile, row.passwordHash, row.certificateSubject),
    ...(pending ? { pending } : {}),
  };
}
