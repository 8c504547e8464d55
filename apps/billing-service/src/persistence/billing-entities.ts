import { BillingSessionEntity } from './billing-session.entity';
import { CdrEntity } from './cdr.entity';
import { CustomerTokenEntity } from './customer-token.entity';
import { StationTariffEntity } from './station-tariff.entity';
import { TariffAssignmentEntity } from './tariff-assignment.entity';
import { TariffEntity } from './tariff.entity';

export const BILLING_ENTITIES = [
  TariffEntity,
  TariffAssignmentEntity,
  BillingSessionEntity,
  CdrEntity,
  CustomerTokenEntity,
  StationTariffEntity,
];
