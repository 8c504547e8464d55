import { useState } from 'react';
import { Alert, Button, Card, Group, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import type { OperatorApiSchemas } from '@voltlane/operator-api-client';
import { useApi } from '../../auth/auth-context';
import { unwrap } from '../../api/api-error';

const SITE_ID = /^[A-Za-z0-9._-]{1,64}$/;

type CreateSite = OperatorApiSchemas['CreateEnergySiteRequest'];

/** The body of POST /api/v1/energy/sites from the form, or what is wrong with it. */
export function createSiteBody(form: { siteId: string; name: string; margin: string; voltage: string }): CreateSite | string {
  const siteId = form.siteId.trim();
  const name = form.name.trim();
  if (!SITE_ID.test(siteId)) return 'The site id is 1–64 of A-Z a-z 0-9 . _ -';
  if (!name || name.length > 200) return 'The name is 1–200 characters';
  const body: CreateSite = { siteId, name };
  if (form.margin.trim()) {
    const margin = Number(form.margin);
    if (!Number.isFinite(margin) || margin < 0 || margin > 50) return 'The safety margin is 0–50 %';
    body.safetyMarginPct = margin;
  }
  if (form.voltage.trim()) {
    const voltage = Number(form.voltage);
    if (!Number.isFinite(voltage) || voltage < 1 || voltage > 1000) return 'The voltage is 1–1000 V';
    body.voltageV = voltage;
  }
  return body;
}

/** A new load-management site (write keys); its tree is added through the API (PUT …/nodes/{nodeId}). */
export function CreateSiteForm() {
  const api = useApi();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [form, setForm] = useState({ siteId: '', name: '', margin: '', voltage: '' });
  const [invalid, setInvalid] = useState<string | undefined>();
  const create = useMutation({
    mutationFn: async (body: CreateSite) => unwrap(await api.POST('/api/v1/energy/sites', { body })),
    onSuccess: async (site) => {
      await queryClient.invalidateQueries({ queryKey: ['energy-sites'] });
      void navigate(`/sites/${encodeURIComponent(site.siteId)}`);
    },
  });
  const set = (patch: Partial<typeof form>): void => setForm((previous) => ({ ...previous, ...patch }));
  return (
    <Card withBorder>
      <Title order={4} mb="sm">
        New site
      </Title>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const body = createSiteBody(form);
          if (typeof body === 'string') {
            setInvalid(body);
            return;
          }
          setInvalid(undefined);
          create.mutate(body);
        }}
      >
        <Group align="end" wrap="wrap">
          <TextInput label="Site id" required value={form.siteId} onChange={(e) => set({ siteId: e.currentTarget.value })} w={180} />
          <TextInput label="Name" required value={form.name} onChange={(e) => set({ name: e.currentTarget.value })} w={220} />
          <TextInput
            label="Safety margin (%)"
            inputMode="decimal"
            placeholder="0"
            value={form.margin}
            onChange={(e) => set({ margin: e.currentTarget.value })}
            w={140}
          />
          <TextInput
            label="Voltage (V)"
            inputMode="decimal"
            placeholder="230"
            value={form.voltage}
            onChange={(e) => set({ voltage: e.currentTarget.value })}
            w={120}
          />
          <Button type="submit" loading={create.isPending}>
            Create site
          </Button>
        </Group>
        {(invalid || create.isError) && (
          <Alert color="red" mt="sm" role="alert" title="Not created">
            {invalid ?? create.error?.message}
          </Alert>
        )}
      </form>
    </Card>
  );
}
