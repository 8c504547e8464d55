// The energy-service on the in-process ports and its own PostgreSQL schema (ServiceHarness), with
// its operator API served over real HTTP (ServiceTestApi, API keys in a schema of its own).
import { ServiceTestApi, type HttpAnswer } from '@voltlane/testing/medium';
import { energyApiModule, startEnergyService, type EnergyServiceHandle, type EnergyStartOptions } from '../src';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the specs read JSON answers freely (their lint allows any)
export type Answer<T = any> = HttpAnswer<T>;

/**
 * The service's own loop stays out of the way: a change re-plans after a minute and the planner
 * polls once a minute, so what a test reads is what the API and the consumers wrote.
 */
export const QUIET_PLANNER = {
  ENERGY_SERVICE_REPLAN_DEBOUNCE_MS: '60000',
  ENERGY_SERVICE_PLAN_POLL_MS: '60000',
  ENERGY_SERVICE_PLAN_INTERVAL_S: '3600',
};

export class EnergyTestApi extends ServiceTestApi<EnergyServiceHandle, EnergyStartOptions> {
  static async start(): Promise<EnergyTestApi> {
    return ServiceTestApi.launch(
      {
        start: startEnergyService,
        service: 'energy-service',
        env: QUIET_PLANNER,
        modules: (service) => [energyApiModule(service)],
        apiPath: '/api/v1/energy',
      },
      (started) => new EnergyTestApi(started),
    );
  }

  /** The site's re-plan request as stored (and then forgotten, so that the next check starts clean). */
  async takeReplan(siteId: string): Promise<{ due: boolean; reasons: string[] }> {
    const [row] = await this.harness.query<{ replan_due_at: Date | null; replan_reasons: string[] }>(
      `UPDATE sites s SET replan_due_at = NULL, replan_reasons = '{}' FROM (SELECT site_id, replan_due_at, replan_reasons FROM sites WHERE site_id = $1 FOR UPDATE) old
       WHERE s.site_id = old.site_id RETURNING old.replan_due_at, old.replan_reasons`,
      [siteId],
    );
    return { due: row?.replan_due_at != null, reasons: row?.replan_reasons ?? [] };
  }
}

/** A problem answer: status, media type, and the code and field the energy API adds. */
export function expectProblem(answer: Answer, status: number, code?: string, field?: string): void {
  expect({ status: answer.status, contentType: answer.contentType.split(';')[0] }).toEqual({
    status,
    contentType: 'application/problem+json',
  });
  const problem = answer.body as { status?: number; type?: string; detail?: unknown; code?: string; field?: string };
  expect({ status: problem.status, type: problem.type, detail: typeof problem.detail }).toEqual({
    status,
    type: 'about:blank',
    detail: 'string',
  });
  if (code !== undefined) expect(problem.code).toBe(code);
  if (field !== undefined) expect(problem.field).toBe(field);
}
