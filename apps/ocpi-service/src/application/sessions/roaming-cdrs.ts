import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import type { BillingCdr } from '@voltlane/contracts';
import { cdrLocationOf, ocpiCdrOf, type OcpiCdr } from '../../domain/cdr-mapping';
import { emi3EvseId } from '../../domain/location-mapping';
import {
  cdrTokenOf,
  evseOf,
  ocpiTypeOfKey,
  originOf,
  placeOf,
  tokenValueOf,
  type OcpiCdrToken,
  type SessionOrigin,
  type SessionPlace,
} from '../../domain/session-mapping';
import { toOcpiTariff } from '../../domain/tariff-mapping';
import type { CdrRepository } from '../../persistence/cdr.repository';
import type { SessionReferencesRepository } from '../../persistence/session-references.repository';
import type { SessionRepository } from '../../persistence/session.repository';
import type { PartnerDirectory } from '../partners';
import type { PushOutbox } from '../push-outbox';
import type { RoamingSessions } from './roaming-sessions';
import type { SessionPricing } from './session-pricing';

export interface RoamingCdrsDeps {
  dataSource: DataSource;
  partners: PartnerDirectory;
  outbox: PushOutbox;
  pricing: SessionPricing;
  sessions: SessionRepository;
  cdrs: CdrRepository;
  references: SessionReferencesRepository;
  roamingSessions: RoamingSessions;
  cpo: { countryCode: string; partyId: string };
  logger: Logger;
}

/** Who a CDR is for and how its session was authorized and placed. */
interface CdrParty {
  countryCode: string;
  partyId: string;
  cdrToken: OcpiCdrToken;
  origin: SessionOrigin;
  place: SessionPlace;
}

/**
 * Roaming CDRs from billing.cdrs.v1: the CDR of a roaming session (a stored one, or, when the CDR
 * overtook the session's records, one whose id token is an eMSP's token) becomes one OCPI CDR,
 * stored and POSTed to the eMSP's CDR receiver exactly once per CDR id (object `cdr:<id>`), in the
 * transaction that stores it. The eMSP's `Location` answer is kept with the CDR once the push
 * sender delivered it (`delivered`; `syncEmspLocations` catches up on any missed). The session's
 * cost becomes the CDR's when they differ.
 */
export class RoamingCdrs {
  constructor(private readonly deps: RoamingCdrsDeps) {}

  async apply(cdr: BillingCdr): Promise<void> {
    const { dataSource, cdrs, sessions } = this.deps;
    await dataSource.transaction(async (m) => {
      if (await cdrs.exists(m, cdr.cdrId, cdr.sessionId)) return;
      const stored = await sessions.lock(m, cdr.sessionId);
      const party = stored
        ? {
            countryCode: stored.countryCode,
            partyId: stored.partyId,
            cdrToken: stored.session.cdr_token,
            origin: {
              authMethod: stored.session.auth_method,
              ...(stored.session.authorization_reference !== undefined
                ? { authorizationReference: stored.session.authorization_reference }
                : {}),
            },
            place: { locationId: stored.session.location_id, evseUid: stored.session.evse_uid, connectorId: stored.session.connector_id },
          }
        : await this.partyOf(m, cdr);
      if (!party) return;
      const ocpiCdr = await this.build(m, cdr, party);
      const target = await this.deps.partners.within(m).receiverForParty('cdrs', party.countryCode, party.partyId);
      const inserted = await cdrs.insert(m, {
        cdr: ocpiCdr,
        partnerId: target?.partner.partnerId ?? null,
        countryCode: party.countryCode,
        partyId: party.partyId,
      });
      if (!inserted) return;
      if (target) {
        await this.deps.outbox.enqueue(
          [
            {
              partnerId: target.partner.partnerId,
              module: 'cdrs',
              objectKey: `cdr:${ocpiCdr.id}`,
              method: 'POST',
              path: '',
              to: target.to,
              body: ocpiCdr,
            },
          ],
          m,
        );
      }
      if (stored) await this.deps.roamingSessions.settleCost(m, stored, ocpiCdr.total_cost);
      this.deps.logger.info(
        {
          cdrId: ocpiCdr.id,
          sessionId: cdr.sessionId,
          emsp: `${party.countryCode}*${party.partyId}`,
          partnerId: target?.partner.partnerId ?? null,
        },
        target ? 'roaming CDR posted to its eMSP' : 'roaming CDR kept for pulls: no partner receives CDRs for its eMSP',
      );
    });
  }

  /** The push sender delivered a push: a CDR POST's `Location` answer is kept with the CDR. */
  async delivered(
    push: { module: string; method: string; objectKey: string; partnerId: string },
    location: string | undefined,
  ): Promise<void> {
    if (push.module !== 'cdrs' || push.method !== 'POST' || !push.objectKey.startsWith('cdr:') || !location) return;
    await this.deps.cdrs.setEmspLocation(this.deps.dataSource, push.objectKey.slice('cdr:'.length), push.partnerId, location);
  }

  /** Copies the eMSPs' `Location` answers to CDR POSTs from the outbox to the CDRs that missed them (a restart between delivery and `delivered`); how many. */
  syncEmspLocations(): Promise<number> {
    return this.deps.cdrs.fillEmspLocations(this.deps.dataSource);
  }

  /** The eMSP party of a CDR whose session is not stored (its records not applied yet): its id token's. */
  private async partyOf(m: EntityManager, cdr: BillingCdr): Promise<CdrParty | undefined> {
    const { references } = this.deps;
    if (cdr.idTokenKey === null) return undefined;
    const token = await references.token(m, tokenValueOf(cdr.idTokenKey), ocpiTypeOfKey(cdr.idTokenKey));
    if (!token) return undefined;
    const evse = evseOf({
      ...(cdr.evseId !== null ? { evseId: cdr.evseId } : {}),
      ...(cdr.connectorId !== null ? { connectorId: cdr.connectorId } : {}),
    });
    return {
      countryCode: token.countryCode,
      partyId: token.partyId,
      cdrToken: cdrTokenOf(token),
      // A 1.6 CDR carries no remoteStartId: matched by time (2.x CDRs overtaking their session are rare).
      origin: originOf(
        token,
        await references.startCommand(m, {
          stationId: cdr.stationId,
          tokenUid: token.uid,
          startedAt: new Date(cdr.startedAt),
          remoteStartId: undefined,
        }),
      ),
      place: placeOf(cdr.stationId, evse, await references.station(m, cdr.stationId, evse)),
    };
  }

  private async build(m: EntityManager, cdr: BillingCdr, party: CdrParty): Promise<OcpiCdr> {
    const { references, pricing, cpo } = this.deps;
    const evse = evseOf({
      ...(cdr.evseId !== null ? { evseId: cdr.evseId } : {}),
      ...(cdr.connectorId !== null ? { connectorId: cdr.connectorId } : {}),
    });
    const station = await references.station(m, cdr.stationId, evse);
    const evseId = evse === undefined ? '' : emi3EvseId(cpo, cdr.stationId, evse);
    const priced = await pricing.version(m, cdr.tariff.id, cdr.tariff.version);
    const now = new Date();
    const tariff = priced ? toOcpiTariff(priced.entry, cpo, new Date(cdr.startedAt), now) : undefined;
    return ocpiCdrOf({
      cdr,
      cpo,
      cdrToken: party.cdrToken,
      origin: party.origin,
      location: cdrLocationOf(party.place, station, evseId),
      tariffs: tariff ? [tariff] : [],
      tariff: priced?.tariff,
      now,
    });
  }
}
