import type { Startable, ServiceContext } from '@voltlane/service-kit';
import type { OcpiServiceConfig } from '../../config/ocpi-service-config';
import { BillingTariffsConsumer } from '../../messaging/billing-tariffs.consumer';
import { StationConnectionsConsumer } from '../../messaging/station-connections.consumer';
import { StationStatusConsumer } from '../../messaging/station-status.consumer';
import { EvseStatusService } from '../locations/evse-status.service';
import { LocationsService } from '../locations/locations.service';
import type { RegistrationPart } from '../registration/compose-registration';
import type { PushOutbox } from '../push-outbox';
import { TariffRefresher } from '../tariffs/tariff-refresher';
import { TariffsService } from '../tariffs/tariffs.service';
import { PushQueries } from './push-queries';
import { PushSender, type DeliveryListener } from './push-sender';
import { SqlPushOutbox } from './sql-push-outbox';

/**
 * The push part: the durable outbox and its sender; locations (operator API, EVSE status from the
 * station topics, pull and push) and tariffs (billing.tariffs.v1, pull and push).
 */
export interface PushPart {
  /** Queue pushes (every part): stored in the caller's transaction, delivered in order per (partner, object). */
  outbox: PushOutbox;
  /** The outbox's sender (tests run `sendDue()` for a round now). */
  sender: PushSender;
  /** After a push is delivered (e.g. a CDR POST's `Location` answer): `listener({ push, response })`. */
  onDelivered(listener: DeliveryListener): void;
  /** The operator's view of the outbox. */
  pushes: PushQueries;
  /** Locations: operator API, OCPI pulls, and `placeOf` / `resolveEvse` for sessions and commands. */
  locations: LocationsService;
  /** EVSE statuses from stations.status.v1 / stations.connections.v1. */
  evseStatuses: EvseStatusService;
  tariffs: TariffsService;
  /**
   * Queues everything for one partner (after its registration): every published tariff, then
   * every location, PUT to its RECEIVER endpoints. Resolves with how many of each.
   */
  syncPartner(partnerId: string): Promise<{ tariffs: number; locations: number }>;
}

export function composePush(
  context: ServiceContext<OcpiServiceConfig>,
  registration: RegistrationPart,
): { part: PushPart; runs: Startable[] } {
  const { config, dataSource, ports } = context;
  const logger = context.logger.child({ part: 'push' });
  const party = { countryCode: config.ocpi.countryCode, partyId: config.ocpi.partyId, businessName: config.ocpi.businessName };
  const { partners, client } = registration;
  const outbox = new SqlPushOutbox(dataSource);
  const sender = new PushSender(dataSource, partners, client, config.ocpi, logger);
  const locations = new LocationsService(dataSource, outbox, partners, party);
  const evseStatuses = new EvseStatusService(dataSource, outbox, partners, party, logger);
  const tariffs = new TariffsService(dataSource, outbox, partners, party, locations);
  const part: PushPart = {
    outbox,
    sender,
    onDelivered: (listener) => sender.onDelivered(listener),
    pushes: new PushQueries(dataSource),
    locations,
    evseStatuses,
    tariffs,
    syncPartner: async (partnerId) => {
      const tariffCount = await tariffs.syncPartner(partnerId);
      const locationCount = await locations.syncPartner(partnerId);
      logger.info({ partnerId, tariffs: tariffCount, locations: locationCount }, 'full sync queued for a partner');
      return { tariffs: tariffCount, locations: locationCount };
    },
  };
  return {
    part,
    runs: [
      new BillingTariffsConsumer(ports, tariffs, config, logger),
      new StationStatusConsumer(ports, evseStatuses, config, logger),
      new StationConnectionsConsumer(ports, evseStatuses, config, logger),
      new TariffRefresher(tariffs, logger),
      sender,
    ],
  };
}
