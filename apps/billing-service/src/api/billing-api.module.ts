import { Module, type DynamicModule } from '@nestjs/common';
import { TYPED_COMMAND_SENDER, typedCommandControllers } from '@voltlane/api-kit';
import { BillingQueries } from '../application/billing-queries';
import { TariffService } from '../application/tariff.service';
import { BillingCommands } from '../application/station-tariffs/billing-commands';
import type { BillingServiceHandle } from '../billing.service';
import { BillingProblemInterceptor } from './billing-problems';
import { CdrsController } from './cdrs.controller';
import { StationTariffsController } from './station-tariffs.controller';
import { TariffsController } from './tariffs.controller';

@Module({})
class BillingApiModule {}

/**
 * The billing-service's operator API for `startServiceHttpApi` / `startHttpApi`: tariffs and
 * their assignments, CDRs (list, one, CSV), the running cost of ongoing sessions, our tariffs
 * to 2.1 stations and the typed endpoints of the billing-owned commands (ADR 0016).
 */
export function billingApiModule(handle: BillingServiceHandle): DynamicModule {
  return {
    module: BillingApiModule,
    controllers: [TariffsController, CdrsController, StationTariffsController, ...typedCommandControllers('billing-service')],
    providers: [
      { provide: TariffService, useValue: handle.tariffs },
      { provide: BillingQueries, useValue: handle.queries },
      { provide: BillingCommands, useValue: handle.commands },
      { provide: TYPED_COMMAND_SENDER, useValue: handle.commands.operator },
      BillingProblemInterceptor,
    ],
  };
}
