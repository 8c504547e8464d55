import { decimalText, type CostBreakdown, type CostLine, type Money, type SelectedTariff } from '@voltlane/billing-domain';
import type { BillingCdr, CdrCostLine, CdrMoney, SessionLifecycleEvent } from '@voltlane/contracts';
import type { CustomerOfToken } from '../persistence/customer-token.repository';
import { cdrIdOf } from './cdr-id';

/** Quantities on CDR lines are shown to this many places; amounts come from the exact value. */
const QUANTITY_PLACES = 6;

export function cdrMoney(money: Money): CdrMoney {
  return { amount: money.toString(), currency: money.currency };
}

export function cdrLine(line: CostLine): CdrCostLine {
  return {
    component: line.component,
    band: line.band,
    quantity: decimalText(line.quantity.toDecimalPlaces(QUANTITY_PLACES)),
    unit: line.unit,
    unitPrice: cdrMoney(line.unitPrice),
    amount: cdrMoney(line.amount),
  };
}

/** A cost breakdown as JSON (CDR money and lines), e.g. the stored running cost of a session. */
export interface CostView {
  currency: string;
  lines: CdrCostLine[];
  subtotal: CdrMoney;
  taxRatePercent: string;
  tax: CdrMoney;
  totalExclTax: CdrMoney;
  totalInclTax: CdrMoney;
  calculatedUntil: string;
  ongoing: boolean;
}

export function costView(cost: CostBreakdown): CostView {
  return {
    currency: cost.currency,
    lines: cost.lines.map(cdrLine),
    subtotal: cdrMoney(cost.subtotal),
    taxRatePercent: cost.taxRatePercent,
    tax: cdrMoney(cost.tax),
    totalExclTax: cdrMoney(cost.totalExclTax),
    totalInclTax: cdrMoney(cost.totalInclTax),
    calculatedUntil: cost.calculatedUntil.toISOString(),
    ongoing: cost.ongoing,
  };
}

export interface CdrInput {
  /** The session's Ended event (fields the event lacks are filled from what billing stored). */
  session: SessionLifecycleEvent;
  customer: CustomerOfToken | null;
  selected: SelectedTariff;
  cost: CostBreakdown;
  issuedAt: Date;
}

/** The CDR of an ended session. Pure: the same input gives the same record. */
export function buildCdr({ session, customer, selected, cost, issuedAt }: CdrInput): BillingCdr {
  const { tariff, assignment } = selected;
  return {
    cdrId: cdrIdOf(session.sessionId),
    sessionId: session.sessionId,
    stationId: session.stationId,
    protocol: session.protocol,
    transactionRef: session.transactionRef,
    connectorId: session.connectorId ?? null,
    evseId: session.evseId ?? null,
    idTokenKey: session.idTokenKey ?? null,
    customerId: customer?.customerId ?? null,
    customerGroup: customer?.customerGroup ?? null,
    startedAt: new Date(session.startedAt).toISOString(),
    endedAt: new Date(session.endedAt ?? session.occurredAt).toISOString(),
    meterStartWh: session.meterStartWh,
    meterStopWh: session.meterStopWh ?? null,
    energyWh: session.energyWh,
    chargingSeconds: session.chargingSeconds,
    idleSeconds: session.idleSeconds,
    stoppedReason: session.stoppedReason ?? null,
    tariff: {
      id: tariff.id,
      version: tariff.version,
      name: tariff.name,
      assignment: assignment.scope.kind,
      timeZone: tariff.timeZone,
      taxRatePercent: tariff.taxRatePercent,
      rounding: tariff.rounding,
    },
    currency: cost.currency,
    lines: cost.lines.map(cdrLine),
    subtotal: cdrMoney(cost.subtotal),
    tax: cdrMoney(cost.tax),
    totalExclTax: cdrMoney(cost.totalExclTax),
    totalInclTax: cdrMoney(cost.totalInclTax),
    anomalies: [...session.anomalies],
    anomalous: session.anomalies.length > 0,
    issuedAt: issuedAt.toISOString(),
  };
}
