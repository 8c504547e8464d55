import type { OcppVersion } from '@voltlane/ocpp';

/** A CSMS→station call built for one protocol version. */
export interface OcppCommand {
  action: string;
  payload: Record<string, unknown>;
}

/** Why a friendly request cannot be sent to a station of this version (→ 400). */
export class UnsupportedForVersion extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedForVersion';
  }
}

export type IdTokenInput = string | { idToken: string; type?: string };

export interface RemoteStartInput {
  idToken: IdTokenInput;
  connectorId?: number;
  evseId?: number;
  groupIdToken?: IdTokenInput;
  chargingProfile?: Record<string, unknown>;
}

export interface ReservationInput {
  idToken: IdTokenInput;
  expiresAt: string;
  connectorId?: number;
  evseId?: number;
  connectorType?: string;
  groupIdToken?: IdTokenInput;
}

export interface SetProfileInput {
  connectorId?: number;
  evseId?: number;
  chargingProfile: Record<string, unknown>;
}

export interface ClearProfileInput {
  chargingProfileId?: number;
  connectorId?: number;
  evseId?: number;
  purpose?: string;
  stackLevel?: number;
}

export interface CompositeScheduleInput {
  duration: number;
  connectorId?: number;
  evseId?: number;
  chargingRateUnit?: 'A' | 'W';
}

export interface ReportedProfilesInput {
  evseId?: number;
  purpose?: string;
  stackLevel?: number;
  chargingProfileId?: number;
  chargingLimitSource?: string;
}

const is16 = (protocol: OcppVersion): boolean => protocol === 'ocpp1.6';

/** 2.x idToken object; a bare string is a `Central` token (the CSMS vouches for it). */
export function idToken2x(input: IdTokenInput): { idToken: string; type: string } {
  return typeof input === 'string' ? { idToken: input, type: 'Central' } : { idToken: input.idToken, type: input.type ?? 'Central' };
}

export function idTokenValue(input: IdTokenInput): string {
  return typeof input === 'string' ? input : input.idToken;
}

/** The charging-profile purpose as the version names it (1.6 ChargePointMaxProfile = 2.x ChargingStationMaxProfile). */
export function purposeFor(protocol: OcppVersion, purpose: string): string {
  if (is16(protocol) && purpose === 'ChargingStationMaxProfile') return 'ChargePointMaxProfile';
  if (!is16(protocol) && purpose === 'ChargePointMaxProfile') return 'ChargingStationMaxProfile';
  return purpose;
}

const defined = <T extends Record<string, unknown>>(object: T): Partial<T> =>
  Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined)) as Partial<T>;

/** 1.6 RemoteStartTransaction / 2.x RequestStartTransaction (with the generated remoteStartId). */
export function remoteStartCommand(protocol: OcppVersion, input: RemoteStartInput, remoteStartId: number): OcppCommand {
  if (is16(protocol)) {
    if (input.groupIdToken !== undefined) throw new UnsupportedForVersion('groupIdToken is not part of OCPP 1.6 RemoteStartTransaction');
    return {
      action: 'RemoteStartTransaction',
      payload: defined({
        idTag: idTokenValue(input.idToken),
        connectorId: input.connectorId ?? input.evseId,
        chargingProfile: input.chargingProfile,
      }),
    };
  }
  return {
    action: 'RequestStartTransaction',
    payload: defined({
      remoteStartId,
      idToken: idToken2x(input.idToken),
      evseId: input.evseId ?? input.connectorId,
      groupIdToken: input.groupIdToken === undefined ? undefined : idToken2x(input.groupIdToken),
      chargingProfile: input.chargingProfile,
    }),
  };
}

/** 1.6 RemoteStopTransaction (the CSMS's integer id) / 2.x RequestStopTransaction (the station's string id). */
export function remoteStopCommand(protocol: OcppVersion, transactionRef: string | number): OcppCommand {
  if (is16(protocol)) {
    const id = typeof transactionRef === 'number' ? transactionRef : /^\d+$/.test(transactionRef) ? Number(transactionRef) : NaN;
    if (!Number.isSafeInteger(id) || id <= 0)
      throw new UnsupportedForVersion(`OCPP 1.6 transaction ids are positive integers, not ${JSON.stringify(transactionRef)}`);
    return { action: 'RemoteStopTransaction', payload: { transactionId: id } };
  }
  return { action: 'RequestStopTransaction', payload: { transactionId: String(transactionRef) } };
}

/** ReserveNow with the generated reservation id (1.6 `reservationId`, 2.x `id`). */
export function reserveNowCommand(protocol: OcppVersion, input: ReservationInput, reservationId: number): OcppCommand {
  if (is16(protocol)) {
    if (input.connectorType !== undefined) throw new UnsupportedForVersion('connectorType is not part of OCPP 1.6 ReserveNow');
    return {
      action: 'ReserveNow',
      payload: defined({
        connectorId: input.connectorId ?? input.evseId ?? 0,
        expiryDate: input.expiresAt,
        idTag: idTokenValue(input.idToken),
        parentIdTag: input.groupIdToken === undefined ? undefined : idTokenValue(input.groupIdToken),
        reservationId,
      }),
    };
  }
  return {
    action: 'ReserveNow',
    payload: defined({
      id: reservationId,
      expiryDateTime: input.expiresAt,
      idToken: idToken2x(input.idToken),
      evseId: input.evseId ?? input.connectorId,
      connectorType: input.connectorType,
      groupIdToken: input.groupIdToken === undefined ? undefined : idToken2x(input.groupIdToken),
    }),
  };
}

export function cancelReservationCommand(reservationId: number): OcppCommand {
  return { action: 'CancelReservation', payload: { reservationId } };
}

/** SetChargingProfile: the profile in the version's own schema (1.6 csChargingProfiles, 2.x chargingProfile). */
export function setChargingProfileCommand(protocol: OcppVersion, input: SetProfileInput): OcppCommand {
  if (is16(protocol))
    return {
      action: 'SetChargingProfile',
      payload: { connectorId: input.connectorId ?? input.evseId ?? 0, csChargingProfiles: input.chargingProfile },
    };
  return {
    action: 'SetChargingProfile',
    payload: { evseId: input.evseId ?? input.connectorId ?? 0, chargingProfile: input.chargingProfile },
  };
}

export function clearChargingProfileCommand(protocol: OcppVersion, input: ClearProfileInput): OcppCommand {
  const purpose = input.purpose === undefined ? undefined : purposeFor(protocol, input.purpose);
  if (is16(protocol)) {
    return {
      action: 'ClearChargingProfile',
      payload: defined({
        id: input.chargingProfileId,
        connectorId: input.connectorId ?? input.evseId,
        chargingProfilePurpose: purpose,
        stackLevel: input.stackLevel,
      }),
    };
  }
  const criteria = defined({ evseId: input.evseId ?? input.connectorId, chargingProfilePurpose: purpose, stackLevel: input.stackLevel });
  return {
    action: 'ClearChargingProfile',
    payload: defined({
      chargingProfileId: input.chargingProfileId,
      chargingProfileCriteria: Object.keys(criteria).length > 0 ? criteria : undefined,
    }),
  };
}

export function compositeScheduleCommand(protocol: OcppVersion, input: CompositeScheduleInput): OcppCommand {
  if (is16(protocol)) {
    return {
      action: 'GetCompositeSchedule',
      payload: defined({
        connectorId: input.connectorId ?? input.evseId ?? 0,
        duration: input.duration,
        chargingRateUnit: input.chargingRateUnit,
      }),
    };
  }
  return {
    action: 'GetCompositeSchedule',
    payload: defined({
      duration: input.duration,
      evseId: input.evseId ?? input.connectorId ?? 0,
      chargingRateUnit: input.chargingRateUnit,
    }),
  };
}

/** 2.x GetChargingProfiles; OCPP 1.6 has no such message. */
export function reportedProfilesCommand(protocol: OcppVersion, input: ReportedProfilesInput, requestId: number): OcppCommand {
  if (is16(protocol))
    throw new UnsupportedForVersion('OCPP 1.6 stations cannot report their charging profiles (GetChargingProfiles is 2.x)');
  const criterion = defined({
    chargingProfilePurpose: input.purpose === undefined ? undefined : purposeFor(protocol, input.purpose),
    stackLevel: input.stackLevel,
    chargingProfileId: input.chargingProfileId === undefined ? undefined : [input.chargingProfileId],
    chargingLimitSource: input.chargingLimitSource === undefined ? undefined : [input.chargingLimitSource],
  });
  return { action: 'GetChargingProfiles', payload: defined({ requestId, evseId: input.evseId, chargingProfile: criterion }) };
}

/** 2.x GetTransactionStatus; OCPP 1.6 has no such message. */
export function transactionStatusCommand(protocol: OcppVersion, transactionId: string): OcppCommand {
  if (is16(protocol)) throw new UnsupportedForVersion('OCPP 1.6 has no GetTransactionStatus');
  return { action: 'GetTransactionStatus', payload: { transactionId } };
}
