import { OperatorCommands, type CommandAnswer } from '@voltlane/api-kit';
import { BillingError, BillingErrorCode, type Tariff } from '@voltlane/billing-domain';
import type { ServicePorts } from '@voltlane/service-kit';
import type { Clock } from '../clock';
import { type TariffService } from '../tariff.service';
import { type StationTariffRepository, type StationTariff } from '../../persistence/station-tariff.repository';
import { toOcppTariff } from '../../domain/ocpp-tariff';
import { type StationTariffResults } from './station-tariff-results';

export interface DefaultTariffInput {
  tariffId: string;
  /** A stored version; default: the latest. */
  version?: number;
  /** 0 (default) = every EVSE. */
  evseId?: number;
  /** RFC 5646 language of the description. */
  language?: string;
}

export interface TransactionTariffInput {
  tariffId: string;
  version?: number;
  language?: string;
}

/**
 * The billing-owned CSMS→station commands (CostUpdated, SetDefaultTariff, ChangeTransactionTariff,
 * GetTariffs, ClearTariffs) through the shared operator-command path, with the tariff-to-station
 * operations built from our tariffs. Every answer is recorded (StationTariffResults) before the
 * HTTP answer; results of the same actions sent elsewhere arrive through ocpp.commands.v1.
 */
export class BillingCommands {
  /** The shared operator-command path; also the sender of the billing-owned typed endpoints. */
  readonly operator: OperatorCommands;

  constructor(
    ports: ServicePorts,
    private readonly tariffs: TariffService,
    results: StationTariffResults,
    private readonly stationTariffs: StationTariffRepository,
    clock: Clock,
  ) {
    this.operator = new OperatorCommands(ports, { onResult: (result) => results.apply(result, clock()) });
  }

  /** SetDefaultTariff (2.1) with one of our tariff versions. */
  async setDefaultTariff(stationId: string, input: DefaultTariffInput, timeoutMs?: number): Promise<CommandAnswer> {
    const tariff = await this.tariffVersion(input.tariffId, input.version);
    const payload = { evseId: input.evseId ?? 0, tariff: toOcppTariff(tariff, input.language) };
    const answer = await this.operator.sendTyped('ocpp2.1', stationId, 'SetDefaultTariff', payload, timeoutMs);
    return { ...answer, tariff: payload.tariff };
  }

  /** ChangeTransactionTariff (2.1): one of our tariff versions for a running transaction. */
  async changeTransactionTariff(
    stationId: string,
    transactionId: string,
    input: TransactionTariffInput,
    timeoutMs?: number,
  ): Promise<CommandAnswer> {
    const tariff = await this.tariffVersion(input.tariffId, input.version);
    const payload = { transactionId, tariff: toOcppTariff(tariff, input.language) };
    const answer = await this.operator.sendTyped('ocpp2.1', stationId, 'ChangeTransactionTariff', payload, timeoutMs);
    return { ...answer, tariff: payload.tariff };
  }

  /** The tariffs a station holds, as its answers said. */
  listStationTariffs(stationId: string): Promise<StationTariff[]> {
    return this.stationTariffs.list(stationId);
  }

  private async tariffVersion(tariffId: string, version: number | undefined): Promise<Tariff> {
    if (version === undefined) return this.tariffs.getTariff(tariffId);
    const found = (await this.tariffs.versionsOf(tariffId)).find((t) => t.version === version);
    if (!found)
      throw new BillingError(BillingErrorCode.UnknownTariff, `tariff ${tariffId} has no version ${version}`, { tariffId, version });
    return found;
  }
}
