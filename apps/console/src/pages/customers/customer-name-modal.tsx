import { useState } from 'react';
import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { ProblemAlert } from '../tokens/problem-alert';

/** A customer's name in a modal form: a new customer, or a rename; the API's refusal is shown in it. */
export function CustomerNameModal({
  opened,
  onClose,
  title,
  initialName = '',
  submitLabel,
  onSubmit,
  pending,
  error,
}: {
  opened: boolean;
  onClose: () => void;
  title: string;
  initialName?: string;
  submitLabel: string;
  onSubmit: (name: string) => void;
  pending: boolean;
  error: Error | null;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={title}>
      {opened && (
        <NameForm
          initialName={initialName}
          submitLabel={submitLabel}
          onSubmit={onSubmit}
          onCancel={onClose}
          pending={pending}
          error={error}
        />
      )}
    </Modal>
  );
}

function NameForm({
  initialName,
  submitLabel,
  onSubmit,
  onCancel,
  pending,
  error,
}: {
  initialName: string;
  submitLabel: string;
  onSubmit: (name: string) => void;
  onCancel: () => void;
  pending: boolean;
  error: Error | null;
}) {
  const [name, setName] = useState(initialName);
  const [invalid, setInvalid] = useState<string | undefined>();
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        const trimmed = name.trim();
        if (!trimmed) return setInvalid('A name is required');
        setInvalid(undefined);
        onSubmit(trimmed);
      }}
    >
      <Stack gap="sm">
        <ProblemAlert error={error} />
        <TextInput
          label="Name"
          required
          maxLength={200}
          data-autofocus
          value={name}
          error={invalid}
          onChange={(e) => setName(e.currentTarget.value)}
        />
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
