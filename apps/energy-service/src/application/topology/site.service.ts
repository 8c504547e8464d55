import type { DataSource } from 'typeorm';
import { NodeRepository } from '../../persistence/node.repository';
import { SiteRepository, type Site, type SiteFields } from '../../persistence/site.repository';
import { markSiteDue } from '../../persistence/site-replan';
import { conflict, notFound } from './energy-error';

export interface NewSite {
  siteId: string;
  name: string;
  safetyMarginPct?: number;
  voltageV?: number;
}

/** The site settings a new site gets when the request leaves them out. */
export const SITE_DEFAULTS = { safetyMarginPct: 0, voltageV: 230 } as const;

/** Sites: create, read, change and delete them, and ask for a re-plan. Every change marks the site due. */
export class SiteService {
  private readonly sites: SiteRepository;

  constructor(
    private readonly dataSource: DataSource,
    private readonly debounceMs: number,
  ) {
    this.sites = new SiteRepository(dataSource);
  }

  async create(site: NewSite): Promise<Site> {
    return this.dataSource.transaction(async (manager) => {
      const created = await new SiteRepository(manager).insert(site.siteId, {
        name: site.name,
        safetyMarginPct: site.safetyMarginPct ?? SITE_DEFAULTS.safetyMarginPct,
        voltageV: site.voltageV ?? SITE_DEFAULTS.voltageV,
      });
      if (!created) throw conflict('SiteExists', `site ${site.siteId} exists already`, 'siteId');
      await markSiteDue(manager, site.siteId, 'site created', this.debounceMs);
      // As stored: due for its first plan.
      return (await new SiteRepository(manager).get(site.siteId)) ?? created;
    });
  }

  page(limit: number, offset: number): Promise<{ items: Site[]; total: number }> {
    return this.sites.page(limit, offset);
  }

  async get(siteId: string): Promise<Site> {
    const site = await this.sites.get(siteId);
    if (!site) throw unknownSite(siteId);
    return site;
  }

  async update(siteId: string, changes: Partial<SiteFields>): Promise<Site> {
    return this.dataSource.transaction(async (manager) => {
      const updated = await new SiteRepository(manager).update(siteId, changes);
      if (!updated) throw unknownSite(siteId);
      await markSiteDue(manager, siteId, `site settings changed (${Object.keys(changes).join(', ')})`, this.debounceMs);
      return updated;
    });
  }

  /** Deletes a site; one with nodes only with `cascade` (its tree, loads, limits and history go with it). */
  async delete(siteId: string, cascade: boolean): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const sites = new SiteRepository(manager);
      if (!(await sites.lock(siteId))) throw unknownSite(siteId);
      const nodes = await new NodeRepository(manager).ofSite(siteId);
      if (nodes.length > 0 && !cascade)
        throw conflict('SiteHasNodes', `site ${siteId} has ${nodes.length} node(s); delete them first or pass cascade=true`);
      await sites.delete(siteId);
    });
  }

  /** Marks the site due now (no debounce); the site as it is then. */
  async replan(siteId: string, reason: string): Promise<Site> {
    await markSiteDue(this.dataSource, siteId, reason, 0);
    return this.get(siteId);
  }
}

export const unknownSite = (siteId: string) => notFound('UnknownSite', `no site ${siteId}`);
