import { Badge } from '@mantine/core';
import { useLive } from '../api/live-provider';

/** Whether the page follows the network live (GET /api/v1/events). */
export function LiveIndicator() {
  const { state } = useLive();
  const [color, label] =
    state === 'live' ? ['green', 'live'] : state === 'connecting' ? ['gray', 'connecting…'] : ['orange', 'reconnecting…'];
  return (
    <Badge color={color} variant="dot" data-testid="live-state" data-state={state}>
      {label}
    </Badge>
  );
}
