import type { Type } from '@nestjs/common';
import { LocationsController } from './locations.controller';
import { OcpiLocationsController } from './ocpi-locations.controller';
import { OcpiTariffsController } from './ocpi-tariffs.controller';
import { PushesController } from './pushes.controller';

/** The push part's controllers (OCPI endpoints and operator API). */
export const PUSH_CONTROLLERS: Type<unknown>[] = [OcpiLocationsController, OcpiTariffsController, LocationsController, PushesController];
