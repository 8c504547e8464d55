import type { ScheduledTask } from '../scheduling/scheduler';
import type { ChargingProfileStore } from './charging-profiles';
import type { Connector, Session, StopCause } from './connector';
import type { LocalAuthList } from './local-auth-list';
import { advance, idle, powerCapW } from './meter';
import type { Reservations } from './reservations';
import type { StationContext } from './station-context';
import type { StartRequest } from './protocol-behaviour';
import { choosePhases, vehicleProfile, type VehicleSpec } from './vehicles';

export type SampleContext = 'Sample.Periodic' | 'Sample.Clock' | 'Trigger';

/** The protocol-specific messages of a session; the engine decides when they are due. */
export interface TransactionReporter {
  /** Asks the CSMS whether `idTag` may charge; true when Accepted. */
  authorize(session: Session): Promise<boolean>;
  /** Reports the start (1.6 StartTransaction / 2.x TransactionEvent Started); false = deauthorized. */
  started(session: Session): Promise<boolean>;
  /** Reports meter values for a connector (with its session, if any). */
  sample(connector: Connector, context: SampleContext): void;
  /** The session moved between Charging / SuspendedEV / SuspendedEVSE. */
  phaseChanged(session: Session): void;
  /** Reports the end (1.6 StopTransaction / 2.x TransactionEvent Ended). */
  ended(session: Session, cause: StopCause): Promise<void>;
  /** Reports the connector's status if it changed (or always, with `force`). */
  status(connector: Connector, force?: boolean): void;
}

export interface SessionEngineDeps {
  station: StationContext;
  connectors: Connector[];
  profiles: ChargingProfileStore;
  reservations: Reservations;
  localList: LocalAuthList;
  reporter: TransactionReporter;
  /** Current periodic sample interval in seconds (read at each session start). */
  sampleIntervalS(): number;
  /** Whether a remote start must still be authorized with the CSMS. */
  authorizeRemoteStarts(): boolean;
  newTransactionId(): string | number;
}

/**
 * Runs sessions on a station's connectors: plug-in, authorization, start, periodic and
 * clock-aligned samples, the SoC-driven move to SuspendedEV, and the end. Protocol-neutral.
 */
export class SessionEngine {
  private alignedTask: ScheduledTask | undefined;
  /** Ends being reported right now: a shutdown waits for them rather than dropping their stop message. */
  private readonly ending = new Set<Promise<void>>();
  /** Vehicles waiting for the next session on a connector (by connector id). */
  private readonly queuedVehicles = new Map<number, VehicleSpec>();

  constructor(private readonly deps: SessionEngineDeps) {}

  connector(id: number): Connector | undefined {
    return this.deps.connectors.find((c) => c.id === id);
  }

  /** A connector that can take a session now (operative, idle, not reserved for someone else). */
  freeConnector(idTag: string | undefined): Connector | undefined {
    return this.deps.connectors.find((c) => this.canStart(c, idTag));
  }

  canStart(connector: Connector, idTag: string | undefined): boolean {
    if (!connector.operative || connector.session) return false;
    const reservation = this.deps.reservations.onConnector(connector.id);
    return !reservation || (idTag !== undefined && this.deps.reservations.usableBy(idTag, connector.id) !== undefined);
  }

  active(): Session[] {
    const sessions: Session[] = [];
    for (const c of this.deps.connectors) if (c.session) sessions.push(c.session);
    return sessions;
  }

  /** Plugs a vehicle into a connector and runs a session there; false if none can take it. */
  start(request: StartRequest): boolean {
    const { station } = this.deps;
    const idTag = request.idTag ?? station.options.idTag;
    const connector =
      request.connectorId !== undefined && request.connectorId > 0 ? this.connector(request.connectorId) : this.freeConnector(idTag);
    if (!connector || !this.canStart(connector, idTag)) return false;
    const now = station.now();
    // The request's vehicle, else the one queued for this connector (used up), else the station's mix.
    const queued = request.vehicle ? undefined : this.queuedVehicles.get(connector.id);
    if (queued) this.queuedVehicles.delete(connector.id);
    const spec = request.vehicle ?? queued ?? {};
    const vehicle = vehicleProfile(station.options, {
      ...spec,
      phases: spec.phases ?? choosePhases(station.options, connector.id, () => station.random()),
    });
    // Sessions vary ±30 % around the configured length; vehicles arrive at 10–60 % SoC.
    const lengthMs = station.options.sessionSeconds * 1000 * (0.7 + 0.6 * station.random());
    const session: Session = {
      connectorId: connector.id,
      idTag,
      transactionId: this.deps.newTransactionId(),
      startedAt: now,
      endsAt: now + lengthMs,
      meterStartWh: 0,
      vehicle,
      phase: 'Preparing',
      seqNo: 0,
      meteredAt: now,
      tasks: [],
      ending: false,
      samples: [],
      ...(request.remoteStartId !== undefined ? { remoteStartId: request.remoteStartId } : {}),
    };
    connector.session = session;
    connector.meter = { ...connector.meter, soc: 10 + 50 * station.random(), powerW: 0 };
    this.deps.reporter.status(connector);
    void this.run(connector, session, request.preAuthorized === true && !this.deps.authorizeRemoteStarts());
    return true;
  }

  /** The vehicle of the next session on `connectorId` (replaces one queued before). */
  queueVehicle(connectorId: number, vehicle: VehicleSpec): void {
    this.queuedVehicles.set(connectorId, vehicle);
  }

  /** Ends the session on `connectorId` (if any) with `cause`. */
  async stop(connectorId: number, cause: StopCause): Promise<boolean> {
    const connector = this.connector(connectorId);
    const session = connector?.session;
    if (!connector || !session || session.ending) return false;
    session.ending = true;
    for (const task of session.tasks) task.cancel();
    if (session.phase === 'Preparing') {
      // Not started yet: `run` notices `ending` and releases the connector.
      return true;
    }
    this.meterNow(connector, session);
    session.phase = 'Finishing';
    this.deps.reporter.status(connector);
    const ended = this.deps.reporter.ended(session, cause).then(
      () => undefined,
      () => undefined, // counted by the station; the session ends locally regardless
    );
    this.ending.add(ended);
    await ended;
    this.ending.delete(ended);
    this.release(connector, true);
    return true;
  }

  /** Finds the session whose transaction id is `transactionId`. */
  byTransactionId(transactionId: string | number): Session | undefined {
    return this.active().find((s) => String(s.transactionId) === String(transactionId) && s.phase !== 'Preparing');
  }

  /**
   * Advances the connector's meter to now, piece by piece under the limit in force in each piece
   * (a profile period that began or ended meanwhile counts from its instant), and updates the
   * session's charging state.
   */
  meterNow(connector: Connector, session: Session): void {
    const now = this.deps.station.now();
    const tx = { startedAt: session.startedAt, transactionId: session.transactionId };
    const { profiles } = this.deps;
    let at = Math.min(session.meteredAt, now);
    for (const next of [...profiles.changesBetween(at, now, tx), now]) {
      connector.meter = advance(connector.meter, session.vehicle, (next - at) / 1000, profiles.limit(connector.id, at, tx));
      at = next;
    }
    // The power and currents reported from now on are those under the limit in force now.
    const limit = profiles.limit(connector.id, now, tx);
    connector.meter = advance(connector.meter, session.vehicle, 0, limit);
    session.meteredAt = now;
    const phase = connector.meter.soc >= 100 ? 'SuspendedEV' : powerCapW(session.vehicle, limit) <= 0 ? 'SuspendedEVSE' : 'Charging';
    if (session.phase !== 'Finishing' && session.phase !== 'Preparing' && phase !== session.phase) {
      session.phase = phase;
      this.deps.reporter.phaseChanged(session);
      this.deps.reporter.status(connector);
    }
  }

  /**
   * Advances the meter of every running session to now. Called right before charging profiles
   * change (the energy so far counts under the old limits) and right after (the vehicles draw
   * under the new ones from this instant: the next sample shows it, a move to SuspendedEVSE is
   * reported at once).
   */
  meterRunning(): void {
    for (const connector of this.deps.connectors) {
      const session = connector.session;
      if (session && session.phase !== 'Preparing' && !session.ending) this.meterNow(connector, session);
    }
  }

  /** Starts clock-aligned sampling every `intervalS` seconds (0 stops it). */
  alignSamples(intervalS: number): void {
    this.alignedTask?.cancel();
    this.alignedTask = undefined;
    if (intervalS <= 0) return;
    const intervalMs = intervalS * 1000;
    const now = this.deps.station.now();
    const next = (Math.floor(now / intervalMs) + 1) * intervalMs;
    this.alignedTask = this.deps.station.scheduler.at(next, () => {
      for (const connector of this.deps.connectors) this.sampleConnector(connector, 'Sample.Clock');
      this.alignSamples(intervalS);
    });
  }

  /** Takes a sample now and reports it (clock-aligned or triggered). */
  sampleConnector(connector: Connector, context: SampleContext): void {
    if (connector.session && connector.session.phase !== 'Preparing' && !connector.session.ending)
      this.meterNow(connector, connector.session);
    this.deps.reporter.sample(connector, context);
  }

  /** Ends all sessions (with messages when `report`) and cancels the engine's tasks. */
  async shutdown(report: boolean, cause: StopCause = 'Other'): Promise<void> {
    this.alignedTask?.cancel();
    this.alignedTask = undefined;
    if (report) {
      // Sessions already ending (e.g. the vehicle just left) finish reporting their end too.
      await Promise.all([...this.deps.connectors.map((c) => this.stop(c.id, cause)), ...this.ending]);
    }
    for (const connector of this.deps.connectors) {
      if (connector.session) this.release(connector, false);
    }
  }

  private async run(connector: Connector, session: Session, preAuthorized: boolean): Promise<void> {
    const { station, reporter, reservations, localList } = this.deps;
    let authorized = preAuthorized || localList.statusOf(session.idTag) === 'Accepted';
    if (!authorized) {
      try {
        authorized = await reporter.authorize(session);
      } catch {
        authorized = false;
      }
    }
    if (!authorized || session.ending || connector.session !== session) {
      station.stats.sessionsRefused++;
      if (connector.session === session) connector.session = undefined;
      reporter.status(connector);
      return;
    }
    const reservation = reservations.usableBy(session.idTag, connector.id);
    if (reservation) {
      session.reservationId = reservation.id;
      reservations.cancel(reservation.id);
      for (const c of this.deps.connectors) if (c.reservationId === reservation.id) c.reservationId = undefined;
    }
    const now = station.now();
    const lengthMs = session.endsAt - session.startedAt;
    session.startedAt = now;
    session.meteredAt = now;
    session.endsAt = now + lengthMs;
    session.meterStartWh = Math.floor(connector.meter.energyWh);
    session.phase = 'Charging';
    station.stats.sessionsStarted++;
    station.stats.sessionsActive++;
    const sampleMs = this.deps.sampleIntervalS() * 1000;
    session.tasks.push(
      station.scheduler.every(sampleMs, () => this.periodic(connector, session)),
      station.scheduler.at(session.endsAt, () => void this.stop(connector.id, 'EVDisconnected')),
    );
    reporter.status(connector);
    let accepted = true;
    try {
      accepted = await reporter.started(session);
    } catch {
      // The start was not confirmed (timeout, CALLERROR); keep charging as a real station would.
    }
    if (!accepted && !session.ending) await this.stop(connector.id, 'DeAuthorized');
  }

  private periodic(connector: Connector, session: Session): void {
    if (session.ending || connector.session !== session) return;
    this.meterNow(connector, session);
    this.deps.reporter.sample(connector, 'Sample.Periodic');
  }

  private release(connector: Connector, finished: boolean): void {
    const session = connector.session;
    if (!session) return;
    for (const task of session.tasks) task.cancel();
    const wasStarted = session.phase !== 'Preparing';
    connector.session = undefined;
    connector.meter = idle(connector.meter);
    this.deps.profiles.endTransaction(connector.id);
    if (wasStarted) {
      this.deps.station.stats.sessionsActive--;
      if (finished) this.deps.station.stats.sessionsFinished++;
    }
    if (finished) this.deps.reporter.status(connector);
  }
}
