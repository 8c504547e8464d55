import { useState } from 'react';
import { Autocomplete, Button, Group, Modal, NumberInput, Select, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../auth/auth-context';
import { unwrap } from '../../api/api-error';
import { CustomerSelect } from '../customers/customer-select';
import { fromLocalInput, toLocalInput } from './datetime-local';
import { ProblemAlert } from './problem-alert';
import {
  TOKEN_STATUSES,
  TOKEN_TYPE_PATTERN,
  TOKEN_TYPES,
  type CreateIdTokenBody,
  type IdToken,
  type TokenStatus,
  type UpdateIdTokenBody,
} from './token-types';

interface TokenFields {
  idToken: string;
  type: string;
  status: TokenStatus;
  customerId: string | null;
  expiry: string;
  groupValue: string;
  groupType: string;
  maxActiveSessions: string | number;
}

function fieldsOf(token: IdToken | undefined, customerId: string | null | undefined): TokenFields {
  return {
    idToken: token?.idToken ?? '',
    type: token?.type ?? 'ISO14443',
    status: token?.status ?? 'Accepted',
    customerId: token ? (token.customerId ?? null) : (customerId ?? null),
    expiry: toLocalInput(token?.expiryDate),
    groupValue: token?.groupIdToken?.idToken ?? '',
    groupType: token?.groupIdToken?.type ?? 'ISO14443',
    maxActiveSessions: token?.maxActiveSessions ?? '',
  };
}

type Invalid = Partial<Record<keyof TokenFields, string>>;

function validate(fields: TokenFields, creating: boolean): Invalid {
  const invalid: Invalid = {};
  if (creating && fields.idToken.trim() === '') invalid.idToken = 'A value is required';
  if (creating && fields.idToken.trim().length > 36) invalid.idToken = 'At most 36 characters';
  if (creating && !TOKEN_TYPE_PATTERN.test(fields.type)) invalid.type = 'Letters and digits, at most 20';
  if (fields.expiry && !fromLocalInput(fields.expiry)) invalid.expiry = 'Not a date and time';
  if (fields.groupValue.trim() && !TOKEN_TYPE_PATTERN.test(fields.groupType)) invalid.groupType = 'Letters and digits, at most 20';
  return invalid;
}

function group(fields: TokenFields): { idToken: string; type: string } | null {
  return fields.groupValue.trim() ? { idToken: fields.groupValue.trim(), type: fields.groupType } : null;
}

function maxSessions(fields: TokenFields): number | null {
  return fields.maxActiveSessions === '' ? null : Number(fields.maxActiveSessions);
}

/** The body of POST /api/v1/id-tokens: the value and type, and what else was set. */
export function createBody(fields: TokenFields): CreateIdTokenBody {
  const expiryDate = fromLocalInput(fields.expiry);
  const groupIdToken = group(fields);
  const max = maxSessions(fields);
  return {
    idToken: fields.idToken.trim(),
    type: fields.type,
    status: fields.status,
    ...(fields.customerId ? { customerId: fields.customerId } : {}),
    ...(expiryDate ? { expiryDate } : {}),
    ...(groupIdToken ? { groupIdToken } : {}),
    ...(max !== null ? { maxActiveSessions: max } : {}),
  };
}

/** The body of PATCH /api/v1/id-tokens/{type}/{idToken}: only what changed (null clears). */
export function updateBody(token: IdToken, fields: TokenFields): UpdateIdTokenBody {
  const before = fieldsOf(token, undefined);
  const body: UpdateIdTokenBody = {};
  if (fields.status !== before.status) body.status = fields.status;
  if (fields.customerId !== before.customerId) body.customerId = fields.customerId;
  if (fields.expiry !== before.expiry) body.expiryDate = fromLocalInput(fields.expiry);
  if (JSON.stringify(group(fields)) !== JSON.stringify(group(before))) body.groupIdToken = group(fields);
  if (maxSessions(fields) !== maxSessions(before)) body.maxActiveSessions = maxSessions(fields);
  return body;
}

/**
 * A token's form in a modal: a new token (POST; `customerId` preset, e.g. from a customer's page),
 * or a change to `token` (PATCH of what changed). The API's refusal (400, 404, 409) is shown in it.
 */
export function TokenFormModal({
  opened,
  onClose,
  token,
  customerId,
}: {
  opened: boolean;
  onClose: () => void;
  token?: IdToken;
  customerId?: string | null;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={token ? `Token ${token.idToken}` : 'New token'} size="lg">
      {opened && <TokenForm token={token} customerId={customerId} onDone={onClose} />}
    </Modal>
  );
}

function TokenForm({ token, customerId, onDone }: { token?: IdToken; customerId?: string | null; onDone: () => void }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const creating = !token;
  const [fields, setFields] = useState<TokenFields>(() => fieldsOf(token, customerId));
  const [invalid, setInvalid] = useState<Invalid>({});
  const [unchanged, setUnchanged] = useState(false);
  const set = (patch: Partial<TokenFields>): void => setFields((previous) => ({ ...previous, ...patch }));
  const save = useMutation({
    mutationFn: async (): Promise<IdToken> => {
      if (!token) return unwrap(await api.POST('/api/v1/id-tokens', { body: createBody(fields) }));
      return unwrap(
        await api.PATCH('/api/v1/id-tokens/{type}/{idToken}', {
          params: { path: { type: token.type!, idToken: token.idToken! } },
          body: updateBody(token, fields),
        }),
      );
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['id-tokens'] });
      onDone();
    },
  });
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        const found = validate(fields, creating);
        setInvalid(found);
        if (Object.keys(found).length > 0) return;
        if (token && Object.keys(updateBody(token, fields)).length === 0) {
          setUnchanged(true);
          return;
        }
        setUnchanged(false);
        save.mutate();
      }}
    >
      <Stack gap="sm">
        <ProblemAlert error={save.error} />
        {unchanged && <ProblemAlert error={new Error('Nothing changed.')} title="Not sent" />}
        <Group grow align="start">
          <TextInput
            label="Token value"
            description="1.6 idTag / 2.x idToken (case-insensitive)"
            required={creating}
            disabled={!creating}
            maxLength={36}
            value={fields.idToken}
            error={invalid.idToken}
            onChange={(e) => set({ idToken: e.currentTarget.value })}
          />
          <Autocomplete
            label="Type"
            description="2.x IdTokenEnumType"
            disabled={!creating}
            data={TOKEN_TYPES}
            value={fields.type}
            error={invalid.type}
            onChange={(type) => set({ type })}
          />
        </Group>
        <Group grow align="start">
          <Select
            label="Status"
            data={TOKEN_STATUSES}
            allowDeselect={false}
            value={fields.status}
            onChange={(status) => status && set({ status })}
          />
          <CustomerSelect value={fields.customerId} onChange={(id) => set({ customerId: id })} />
        </Group>
        <Group grow align="start">
          <TextInput
            label="Expires"
            description="Empty: never"
            type="datetime-local"
            value={fields.expiry}
            error={invalid.expiry}
            onChange={(e) => set({ expiry: e.currentTarget.value })}
          />
          <NumberInput
            label="Sessions at once"
            description="Empty: no limit"
            min={0}
            max={1000}
            allowDecimal={false}
            allowNegative={false}
            value={fields.maxActiveSessions}
            onChange={(maxActiveSessions) => set({ maxActiveSessions })}
          />
        </Group>
        <Group grow align="start">
          <TextInput
            label="Group token"
            description="1.6 parentIdTag / 2.x groupIdToken; empty: none"
            maxLength={36}
            value={fields.groupValue}
            onChange={(e) => set({ groupValue: e.currentTarget.value })}
          />
          <Autocomplete
            label="Group type"
            data={TOKEN_TYPES}
            value={fields.groupType}
            error={invalid.groupType}
            onChange={(groupType) => set({ groupType })}
          />
        </Group>
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="save-token">
            {creating ? 'Create token' : 'Save'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
