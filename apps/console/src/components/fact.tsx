import type { ReactNode } from 'react';
import { Text } from '@mantine/core';

/** One labelled value of a detail card (a station, session, CDR, customer, tariff, site). */
export function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div" data-testid={testId}>
        {children}
      </Text>
    </div>
  );
}
