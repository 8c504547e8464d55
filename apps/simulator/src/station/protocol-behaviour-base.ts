import { ChargingProfileStore } from './charging-profiles';
import type { HandlerResult } from './command-handlers/command-handler';
import { newConnector, type Connector, type Session, type StopCause } from './connector';
import { LocalAuthList } from './local-auth-list';
import type { ProtocolBehaviour, StartRequest } from './protocol-behaviour';
import { Reservations } from './reservations';
import { SessionEngine, type SampleContext, type SessionEngineDeps, type TransactionReporter } from './session-engine';
import type { CallOptions, StationContext } from './station-context';
import { checkVehicleOptions, type VehicleSpec } from './vehicles';

/** What a protocol decides for the session engine: the sample interval, remote-start authorization, transaction ids. */
export type EngineSettings = Pick<SessionEngineDeps, 'sampleIntervalS' | 'authorizeRemoteStarts' | 'newTransactionId'>;

/**
 * The half of a protocol behaviour that 1.6 and 2.x share: the connectors, the stores their
 * sessions use, the session engine, and the calls that only pass on to them. A subclass adds
 * the messages (bootPayload, TransactionReporter) and answers the CSMS with its command handlers.
 */
export abstract class ProtocolBehaviourBase implements ProtocolBehaviour, TransactionReporter {
  readonly connectors: Connector[];
  readonly profiles = new ChargingProfileStore();
  readonly reservations: Reservations;
  readonly localList = new LocalAuthList();
  readonly engine: SessionEngine;
  /** Availability of the whole station (1.6 connector 0, 2.x EVSE 0). */
  stationOperative = true;

  protected constructor(
    readonly station: StationContext,
    settings: EngineSettings,
  ) {
    checkVehicleOptions(station.options);
    this.reservations = new Reservations(() => station.now());
    // Registers start at a random point so a fleet does not report identical meters.
    this.connectors = Array.from({ length: station.options.connectors }, (_, i) =>
      newConnector(i + 1, Math.floor(station.random() * 5_000_000)),
    );
    this.engine = new SessionEngine({
      station,
      connectors: this.connectors,
      profiles: this.profiles,
      reservations: this.reservations,
      localList: this.localList,
      reporter: this,
      ...settings,
    });
  }

  // ---- ProtocolBehaviour ----

  abstract bootPayload(): object;
  abstract onBootAccepted(first: boolean): void;
  abstract onReconnected(): void;

  abstract handle(action: string, request: Record<string, unknown>): HandlerResult | undefined;

  startSession(request: StartRequest): boolean {
    return this.station.bootState === 'Accepted' && this.engine.start(request);
  }

  endSession(connectorId: number): Promise<boolean> {
    return this.engine.stop(connectorId, 'EVDisconnected');
  }

  queueVehicle(connectorId: number, vehicle: VehicleSpec): void {
    this.engine.queueVehicle(connectorId, vehicle);
  }

  activeSessions(): number {
    return this.engine.active().length;
  }

  freeConnectors(): number {
    return this.connectors.filter((c) => this.engine.canStart(c, undefined)).length;
  }

  async shutdown(endSessions: boolean): Promise<void> {
    await this.engine.shutdown(endSessions, 'Local');
  }

  // ---- TransactionReporter ----

  abstract authorize(session: Session): Promise<boolean>;
  abstract started(session: Session): Promise<boolean>;
  abstract sample(connector: Connector, context: SampleContext, options?: CallOptions): void;
  abstract phaseChanged(session: Session): void;
  abstract ended(session: Session, cause: StopCause): Promise<void>;
  abstract status(connector: Connector, force?: boolean, options?: CallOptions): void;

  // ---- used by the command handlers ----

  connector(id: number): Connector | undefined {
    return this.connectors.find((c) => c.id === id);
  }
}
