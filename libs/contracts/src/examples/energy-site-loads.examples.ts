import type { EnergySiteLoad } from '../energy-site-loads.contract';
import type { ContractExample } from './contract-example';

export const energySiteLoadExamples: ContractExample<EnergySiteLoad>[] = [
  {
    name: 'building-load',
    summary: 'The building meter of depot-7 measures 41.5, 38 and 44.2 A on L1–L3 under its grid connection.',
    key: 'depot-7',
    payload: { siteId: 'depot-7', nodeId: 'grid', currentA: [41.5, 38, 44.2], measuredAt: '2026-03-02T08:15:00.000Z' },
  },
  {
    name: 'pv-feed-in',
    summary: 'Rooftop PV on panel-a feeds in more than the panel’s other loads draw: negative current.',
    key: 'depot-7',
    payload: { siteId: 'depot-7', nodeId: 'panel-a', currentA: [-12, -12.4, -11.8], measuredAt: '2026-03-02T12:00:00.000Z' },
  },
];
