import type { DataSource, EntityManager } from 'typeorm';
import { PriorityRuleRepository, type PriorityMatch, type PriorityRule } from '../../persistence/priority-rule.repository';
import { SiteRepository } from '../../persistence/site.repository';
import { markSiteDue } from '../../persistence/site-replan';
import { notFound } from '../topology/energy-error';

/**
 * Priority rules per id token (`token`: its key, `<type>:<VALUE>`) or customer group (`group`):
 * a session of a higher priority keeps its minimum when others are paused and is filled first. A
 * rule can touch a session of any site, so a change marks every site due.
 */
export class PriorityRulesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly debounceMs: number,
  ) {}

  list(): Promise<PriorityRule[]> {
    return new PriorityRuleRepository(this.dataSource).list();
  }

  /** Sets a rule; `created` when it is new. */
  async put(rule: PriorityRule): Promise<{ rule: PriorityRule; created: boolean }> {
    return this.dataSource.transaction(async (manager) => {
      const created = await new PriorityRuleRepository(manager).put(rule);
      await this.markAllDue(manager, `priority of ${rule.match} ${rule.value} set to ${rule.priority}`);
      return { rule, created };
    });
  }

  async delete(match: PriorityMatch, value: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      if (!(await new PriorityRuleRepository(manager).delete(match, value)))
        throw notFound('UnknownPriorityRule', `no priority rule for ${match} ${value}`);
      await this.markAllDue(manager, `priority of ${match} ${value} removed`);
    });
  }

  private async markAllDue(manager: EntityManager, reason: string): Promise<void> {
    for (const siteId of await new SiteRepository(manager).ids()) await markSiteDue(manager, siteId, reason, this.debounceMs);
  }
}
