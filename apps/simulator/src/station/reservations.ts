/** Reservations by id; an expired one is dropped when looked at. */
export interface Reservation {
  id: number;
  connectorId: number;
  idTag: string;
  parentIdTag?: string;
  expiresAt: number;
}

export class Reservations {
  private readonly byId = new Map<number, Reservation>();

  constructor(private readonly now: () => number) {}

  /** Adds or replaces (same id) a reservation. */
  put(reservation: Reservation): void {
    this.byId.set(reservation.id, reservation);
  }

  cancel(id: number): Reservation | undefined {
    const found = this.byId.get(id);
    this.byId.delete(id);
    return found;
  }

  /** The live reservation on `connectorId`, if any. */
  onConnector(connectorId: number): Reservation | undefined {
    for (const reservation of this.byId.values()) {
      if (reservation.expiresAt <= this.now()) {
        this.byId.delete(reservation.id);
        continue;
      }
      if (reservation.connectorId === connectorId) return reservation;
    }
    return undefined;
  }

  /** A reservation `idTag` may use on `connectorId` (a connector reservation, or one for the whole station). */
  usableBy(idTag: string, connectorId: number): Reservation | undefined {
    const tag = idTag.toLowerCase();
    for (const reservation of [this.onConnector(connectorId), this.onConnector(0)]) {
      if (reservation && (reservation.idTag.toLowerCase() === tag || reservation.parentIdTag?.toLowerCase() === tag)) return reservation;
    }
    return undefined;
  }

  get size(): number {
    return this.byId.size;
  }
}
