/**
 * Writes the Grafana dashboards of the Helm chart from their specs:
 *
 *   npx tsx scripts/monitoring/generate-dashboards.ts
 *
 * helm/voltlane/monitoring/dashboards/<uid>.json; a unit spec fails when a committed file differs.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DASHBOARDS_DIR, renderedDashboards } from './dashboards';

for (const [file, text] of renderedDashboards()) {
  writeFileSync(join(DASHBOARDS_DIR, file), text);
  console.log(`wrote ${join(DASHBOARDS_DIR, file)}`);
}
