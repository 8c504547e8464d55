import { useState } from 'react';
import { ActionIcon, Alert, Autocomplete, Button, Fieldset, Group, NumberInput, Select, Stack, Table, TextInput } from '@mantine/core';
import { fromLocalInput } from '../tokens/datetime-local';
import { ProblemAlert } from '../tokens/problem-alert';
import {
  CURRENCY_PATTERN,
  PRICE_PATTERN,
  TAX_PATTERN,
  TIME_PATTERN,
  type CreateTariffBody,
  type Rounding,
  type Tariff,
  type TariffBand,
  type UpdateTariffBody,
} from './tariff-types';

const PRICES = ['energyPerKwh', 'chargingPerMinute', 'idlePerMinute', 'sessionFee'] as const;
const BAND_PRICES = ['energyPerKwh', 'chargingPerMinute', 'idlePerMinute'] as const;

interface BandFields {
  name: string;
  from: string;
  to: string;
  energyPerKwh: string;
  chargingPerMinute: string;
  idlePerMinute: string;
}

export interface TariffFields {
  name: string;
  currency: string;
  timeZone: string;
  taxRatePercent: string;
  rounding: Rounding;
  energyPerKwh: string;
  chargingPerMinute: string;
  idlePerMinute: string;
  sessionFee: string;
  idleGraceMinutes: string | number;
  bands: BandFields[];
  /** datetime-local values; empty: from now / open-ended. */
  validFrom: string;
  validTo: string;
}

function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** The form's fields of `tariff` (a change), or of a new tariff. Validity starts empty: a new version is valid from now on. */
export function fieldsOf(tariff?: Tariff): TariffFields {
  return {
    name: tariff?.name ?? '',
    currency: tariff?.currency ?? 'EUR',
    timeZone: tariff?.timeZone ?? browserZone(),
    taxRatePercent: tariff?.taxRatePercent ?? '',
    rounding: tariff?.rounding ?? 'HALF_UP',
    energyPerKwh: tariff?.energyPerKwh ?? '',
    chargingPerMinute: tariff?.chargingPerMinute ?? '',
    idlePerMinute: tariff?.idlePerMinute ?? '',
    sessionFee: tariff?.sessionFee ?? '',
    idleGraceMinutes: tariff?.idleGraceMinutes ?? '',
    bands: (tariff?.bands ?? []).map((b) => ({
      name: b.name,
      from: b.from,
      to: b.to,
      energyPerKwh: b.energyPerKwh ?? '',
      chargingPerMinute: b.chargingPerMinute ?? '',
      idlePerMinute: b.idlePerMinute ?? '',
    })),
    validFrom: '',
    validTo: '',
  };
}

function bandsOf(fields: TariffFields): TariffBand[] {
  return fields.bands.map((b) => ({
    name: b.name.trim(),
    from: b.from.trim(),
    to: b.to.trim(),
    ...Object.fromEntries(BAND_PRICES.filter((p) => b[p].trim() !== '').map((p) => [p, b[p].trim()])),
  }));
}

/** What is wrong with the fields, by field name (`bands.0.from` for a band's), before anything is sent. */
export function validate(fields: TariffFields, tariff?: Tariff): Record<string, string> {
  const invalid: Record<string, string> = {};
  if (!fields.name.trim()) invalid.name = 'A name is required';
  if (!CURRENCY_PATTERN.test(fields.currency)) invalid.currency = 'Three capital letters (ISO 4217)';
  if (!fields.timeZone.trim()) invalid.timeZone = 'An IANA time zone, e.g. Europe/Berlin';
  if (!TAX_PATTERN.test(fields.taxRatePercent.trim())) invalid.taxRatePercent = 'Percent, 0–100, at most 4 decimals';
  for (const p of PRICES) {
    const value = fields[p].trim();
    if (value === '') {
      if (tariff?.[p] !== undefined) invalid[p] = 'Use 0 for no price';
    } else if (!PRICE_PATTERN.test(value)) invalid[p] = 'A decimal, at most 6 decimals (e.g. 0.35)';
  }
  if (fields.validFrom && !fromLocalInput(fields.validFrom)) invalid.validFrom = 'Not a date and time';
  if (fields.validTo && !fromLocalInput(fields.validTo)) invalid.validTo = 'Not a date and time';
  fields.bands.forEach((b, i) => {
    if (!b.name.trim()) invalid[`bands.${i}.name`] = 'A name';
    if (!TIME_PATTERN.test(b.from.trim())) invalid[`bands.${i}.from`] = 'HH:MM';
    if (!TIME_PATTERN.test(b.to.trim())) invalid[`bands.${i}.to`] = 'HH:MM';
    for (const p of BAND_PRICES) if (b[p].trim() !== '' && !PRICE_PATTERN.test(b[p].trim())) invalid[`bands.${i}.${p}`] = 'A decimal';
  });
  return invalid;
}

/** The body of POST /api/v1/tariffs: the required fields, and each other one that is set. */
export function createBody(fields: TariffFields): CreateTariffBody {
  const validFrom = fromLocalInput(fields.validFrom);
  const validTo = fromLocalInput(fields.validTo);
  const prices = Object.fromEntries(PRICES.filter((p) => fields[p].trim() !== '').map((p) => [p, fields[p].trim()]));
  const bands = bandsOf(fields);
  return {
    name: fields.name.trim(),
    currency: fields.currency,
    timeZone: fields.timeZone.trim(),
    taxRatePercent: fields.taxRatePercent.trim(),
    rounding: fields.rounding,
    ...prices,
    ...(fields.idleGraceMinutes !== '' ? { idleGraceMinutes: Number(fields.idleGraceMinutes) } : {}),
    ...(bands.length > 0 ? { bands } : {}),
    ...(validFrom ? { validFrom } : {}),
    ...(validTo ? { validTo } : {}),
  };
}

/** The body of PATCH /api/v1/tariffs/{id}: what differs from `tariff` (the bands whole), and a validity when given. */
export function updateBody(tariff: Tariff, fields: TariffFields): UpdateTariffBody {
  const before = fieldsOf(tariff);
  const body: UpdateTariffBody = {};
  if (fields.name.trim() !== before.name) body.name = fields.name.trim();
  if (fields.currency !== before.currency) body.currency = fields.currency;
  if (fields.timeZone.trim() !== before.timeZone) body.timeZone = fields.timeZone.trim();
  if (fields.taxRatePercent.trim() !== before.taxRatePercent) body.taxRatePercent = fields.taxRatePercent.trim();
  if (fields.rounding !== before.rounding) body.rounding = fields.rounding;
  for (const p of PRICES) if (fields[p].trim() !== '' && fields[p].trim() !== before[p]) body[p] = fields[p].trim();
  if (fields.idleGraceMinutes !== '' && Number(fields.idleGraceMinutes) !== tariff.idleGraceMinutes)
    body.idleGraceMinutes = Number(fields.idleGraceMinutes);
  if (JSON.stringify(bandsOf(fields)) !== JSON.stringify(bandsOf(before))) body.bands = bandsOf(fields);
  const validFrom = fromLocalInput(fields.validFrom);
  const validTo = fromLocalInput(fields.validTo);
  if (validFrom) body.validFrom = validFrom;
  if (validTo) body.validTo = validTo;
  return body;
}

const ZONES: string[] = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];

/**
 * A tariff's fields: name, currency, zone, tax, prices, idle grace, time-of-day bands and validity.
 * `onSubmit` gets the checked fields; the API's refusal is shown above them.
 */
export function TariffForm({
  tariff,
  submitLabel,
  onSubmit,
  onCancel,
  pending,
  error,
}: {
  tariff?: Tariff;
  submitLabel: string;
  onSubmit: (fields: TariffFields) => void;
  onCancel: () => void;
  pending: boolean;
  error: Error | null;
}) {
  const [fields, setFields] = useState<TariffFields>(() => fieldsOf(tariff));
  const [invalid, setInvalid] = useState<Record<string, string>>({});
  const [unchanged, setUnchanged] = useState(false);
  const set = (patch: Partial<TariffFields>): void => setFields((previous) => ({ ...previous, ...patch }));
  const setBand = (index: number, patch: Partial<BandFields>): void =>
    setFields((previous) => ({ ...previous, bands: previous.bands.map((b, i) => (i === index ? { ...b, ...patch } : b)) }));
  const text = (key: (typeof PRICES)[number] | 'taxRatePercent', label: string, description?: string) => (
    <TextInput
      label={label}
      description={description}
      inputMode="decimal"
      value={fields[key]}
      error={invalid[key]}
      onChange={(e) => set({ [key]: e.currentTarget.value })}
    />
  );
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        const found = validate(fields, tariff);
        setInvalid(found);
        if (Object.keys(found).length > 0) return;
        if (tariff && Object.keys(updateBody(tariff, fields)).length === 0) {
          setUnchanged(true);
          return;
        }
        setUnchanged(false);
        onSubmit(fields);
      }}
    >
      <Stack gap="sm">
        <ProblemAlert error={error} />
        {unchanged && (
          <Alert color="yellow" role="alert">
            Nothing changed.
          </Alert>
        )}
        {Object.keys(invalid).length > 0 && (
          <Alert color="red" role="alert" title="Check the form">
            {Object.keys(invalid).length === 1 ? 'One field is' : `${Object.keys(invalid).length} fields are`} not valid.
          </Alert>
        )}
        <Group grow align="start">
          <TextInput
            label="Name"
            required
            maxLength={200}
            value={fields.name}
            error={invalid.name}
            onChange={(e) => set({ name: e.currentTarget.value })}
          />
          <TextInput
            label="Currency"
            required
            maxLength={3}
            value={fields.currency}
            error={invalid.currency}
            onChange={(e) => set({ currency: e.currentTarget.value.toUpperCase() })}
          />
        </Group>
        <Group grow align="start">
          <Autocomplete
            label="Time zone"
            description="Of the bands' local times"
            required
            data={ZONES}
            limit={20}
            value={fields.timeZone}
            error={invalid.timeZone}
            onChange={(timeZone) => set({ timeZone })}
          />
          {text('taxRatePercent', 'Tax rate (%)')}
          <Select
            label="Rounding"
            data={['HALF_UP', 'HALF_EVEN']}
            allowDeselect={false}
            value={fields.rounding}
            onChange={(rounding) => rounding && set({ rounding })}
          />
        </Group>
        <Fieldset legend="Net prices (tax excluded)">
          <Group grow align="start">
            {text('energyPerKwh', 'Per kWh')}
            {text('chargingPerMinute', 'Per charging minute')}
            {text('idlePerMinute', 'Per idle minute')}
          </Group>
          <Group grow align="start" mt="sm">
            {text('sessionFee', 'Session fee')}
            <NumberInput
              label="Free idle minutes"
              min={0}
              max={1440}
              allowDecimal={false}
              allowNegative={false}
              value={fields.idleGraceMinutes}
              onChange={(idleGraceMinutes) => set({ idleGraceMinutes })}
            />
          </Group>
        </Fieldset>
        <Fieldset legend="Time-of-day bands (their prices replace the base ones; empty: the base price)">
          {fields.bands.length > 0 && (
            <Table data-testid="band-fields">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>From</Table.Th>
                  <Table.Th>To</Table.Th>
                  <Table.Th>Per kWh</Table.Th>
                  <Table.Th>Per charging min</Table.Th>
                  <Table.Th>Per idle min</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {fields.bands.map((band, i) => (
                  <Table.Tr key={i}>
                    {(['name', 'from', 'to', ...BAND_PRICES] as const).map((key) => (
                      <Table.Td key={key}>
                        <TextInput
                          aria-label={`Band ${i + 1} ${key}`}
                          size="xs"
                          placeholder={key === 'from' || key === 'to' ? 'HH:MM' : undefined}
                          value={band[key]}
                          error={invalid[`bands.${i}.${key}`]}
                          onChange={(e) => setBand(i, { [key]: e.currentTarget.value })}
                        />
                      </Table.Td>
                    ))}
                    <Table.Td>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={`Remove band ${i + 1}`}
                        onClick={() => set({ bands: fields.bands.filter((_, j) => j !== i) })}
                      >
                        ×
                      </ActionIcon>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          <Button
            size="xs"
            variant="light"
            mt="xs"
            disabled={fields.bands.length >= 48}
            onClick={() =>
              set({
                bands: [...fields.bands, { name: '', from: '', to: '', energyPerKwh: '', chargingPerMinute: '', idlePerMinute: '' }],
              })
            }
          >
            Add band
          </Button>
        </Fieldset>
        <Group grow align="start">
          <TextInput
            label="Valid from"
            description={tariff ? 'Of the new version; empty: now' : 'Empty: now'}
            type="datetime-local"
            value={fields.validFrom}
            error={invalid.validFrom}
            onChange={(e) => set({ validFrom: e.currentTarget.value })}
          />
          <TextInput
            label="Valid to"
            description="Exclusive; empty: open-ended"
            type="datetime-local"
            value={fields.validTo}
            error={invalid.validTo}
            onChange={(e) => set({ validTo: e.currentTarget.value })}
          />
        </Group>
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={pending}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
