import { join } from 'node:path';
import { billing, pipeline } from './backend-dashboards';
import { buildDashboard, type DashboardSpec } from './dashboard-builder';
import { gateway, network } from './station-dashboards';

/** The chart's dashboards folder. */
export const DASHBOARDS_DIR = join(__dirname, '../../helm/voltlane/monitoring/dashboards');

export const DASHBOARDS: DashboardSpec[] = [network, gateway, pipeline, billing];

/** Each dashboard's file name and JSON text, as committed. */
export function renderedDashboards(): [string, string][] {
  return DASHBOARDS.map((spec) => [`${spec.uid}.json`, `${JSON.stringify(buildDashboard(spec), null, 2)}\n`]);
}
