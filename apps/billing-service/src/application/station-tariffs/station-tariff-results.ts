import type { EntityManager } from 'typeorm';
import type { CommandResultEnvelope } from '@voltlane/contracts';
import type { v21 } from '@voltlane/ocpp';
import { type StationTariffRepository, type StationTariff } from '../../persistence/station-tariff.repository';
import { parseStationTariffId } from '../../domain/ocpp-tariff';

const TARIFF_ACTIONS: ReadonlySet<string> = new Set(['SetDefaultTariff', 'ChangeTransactionTariff', 'ClearTariffs', 'GetTariffs']);

/**
 * Records what a station said about its tariffs (OCPP 2.1), whichever endpoint sent the command:
 * an accepted SetDefaultTariff or ChangeTransactionTariff adds the tariff, an accepted ClearTariffs
 * result removes it, and a GetTariffs answer replaces what is recorded for the EVSE it asked about
 * (NoTariff: nothing). Other outcomes (rejected, CALLERROR, timeout) and other actions (CostUpdated)
 * change nothing. Each result is applied once, by its correlation id: the sender applies it before
 * its HTTP answer and ocpp.commands.v1 brings it again, possibly after a newer result.
 */
export class StationTariffResults {
  constructor(private readonly tariffs: StationTariffRepository) {}

  async apply(result: CommandResultEnvelope, at: Date): Promise<void> {
    if (result.outcome !== 'result' || result.protocol !== 'ocpp2.1' || !result.payload) return;
    const { action } = result.request;
    if (!TARIFF_ACTIONS.has(action)) return;
    const request = result.request.payload;
    const answer = result.payload;
    const stationId = result.stationId;
    await this.tariffs.transaction(async (m) => {
      if (!(await this.tariffs.markApplied(m, stationId, result.correlationId))) return;
      switch (action) {
        case 'SetDefaultTariff': {
          const req = request as unknown as v21.SetDefaultTariffRequest;
          if ((answer as unknown as v21.SetDefaultTariffResponse).status !== 'Accepted') return;
          await this.tariffs.upsert(
            m,
            row(stationId, req.evseId, req.tariff.tariffId, 'DefaultTariff', action, at, { validFrom: req.tariff.validFrom }),
          );
          return;
        }
        case 'ChangeTransactionTariff': {
          const req = request as unknown as v21.ChangeTransactionTariffRequest;
          if ((answer as unknown as v21.ChangeTransactionTariffResponse).status !== 'Accepted') return;
          await this.tariffs.upsert(
            m,
            row(stationId, 0, req.tariff.tariffId, 'DriverTariff', action, at, {
              validFrom: req.tariff.validFrom,
              transactionId: req.transactionId,
            }),
          );
          return;
        }
        case 'ClearTariffs':
          return this.cleared(m, stationId, request, answer as unknown as v21.ClearTariffsResponse);
        case 'GetTariffs':
          return this.reported(m, stationId, request as unknown as v21.GetTariffsRequest, answer as unknown as v21.GetTariffsResponse, at);
      }
    });
  }

  private async cleared(
    m: EntityManager,
    stationId: string,
    request: v21.ClearTariffsRequest,
    answer: v21.ClearTariffsResponse,
  ): Promise<void> {
    const at = request.evseId !== undefined && request.evseId !== 0 ? { evseId: request.evseId } : {};
    for (const cleared of answer.clearTariffsResult) {
      if (cleared.status !== 'Accepted' && cleared.status !== 'NoTariff') continue;
      if (cleared.tariffId !== undefined) await this.tariffs.remove(m, stationId, { ...at, stationTariffId: cleared.tariffId });
      else if (!request.tariffIds) await this.tariffs.remove(m, stationId, at);
    }
  }

  private async reported(
    m: EntityManager,
    stationId: string,
    request: v21.GetTariffsRequest,
    answer: v21.GetTariffsResponse,
    at: Date,
  ): Promise<void> {
    if (answer.status === 'Rejected') return;
    await this.tariffs.remove(m, stationId, request.evseId === 0 ? {} : { evseId: request.evseId });
    for (const assignment of answer.tariffAssignments ?? []) {
      for (const evseId of assignment.evseIds ?? [request.evseId]) {
        await this.tariffs.upsert(
          m,
          row(stationId, evseId, assignment.tariffId, assignment.tariffKind, 'GetTariffs', at, {
            validFrom: assignment.validFrom,
            idTokens: assignment.idTokens,
          }),
        );
      }
    }
  }
}

function row(
  stationId: string,
  evseId: number,
  stationTariffId: string,
  tariffKind: string,
  reportedBy: string,
  reportedAt: Date,
  extra: { validFrom?: string; transactionId?: string; idTokens?: string[] } = {},
): StationTariff {
  const ours = parseStationTariffId(stationTariffId);
  return {
    stationId,
    evseId,
    stationTariffId,
    tariffKind,
    tariffId: ours?.tariffId ?? null,
    tariffVersion: ours?.version ?? null,
    transactionId: extra.transactionId ?? null,
    idTokens: extra.idTokens ?? null,
    validFrom: extra.validFrom ? new Date(extra.validFrom) : null,
    reportedBy,
    reportedAt,
  };
}
