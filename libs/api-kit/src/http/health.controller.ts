import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Registry } from 'prom-client';
import { Public } from '../keys/api-key.guard';

export const READINESS_CHECKS = Symbol('ReadinessChecks');
export const METRICS_REGISTRY = Symbol('MetricsRegistry');

export interface HttpReadinessCheck {
  name: string;
  check(): Promise<void>;
}

/** Liveness, readiness (each dependency checked) and Prometheus metrics; no API key needed. */
@ApiExcludeController()
@Public()
@Controller()
export class HealthController {
  constructor(
    @Inject(READINESS_CHECKS) private readonly checks: readonly HttpReadinessCheck[],
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
  ) {}

  @Get('health/live')
  live(): { status: string } {
    return { status: 'ok' };
  }

  @Get('health/ready')
  async ready(@Res() response: Response): Promise<void> {
    const results = await Promise.all(
      this.checks.map(async (c) => {
        try {
          await Promise.race([
            c.check(),
            new Promise((_, reject) => setTimeout(() => reject(new Error('no answer within 2000 ms')), 2_000).unref()),
          ]);
          return { name: c.name, status: 'ok' };
        } catch (error) {
          return { name: c.name, status: 'failed', error: error instanceof Error ? error.message : 'failed' };
        }
      }),
    );
    const ready = results.every((r) => r.status === 'ok');
    response.status(ready ? 200 : 503).json({ status: ready ? 'ok' : 'unavailable', checks: results });
  }

  @Get('metrics')
  async metrics(@Res() response: Response): Promise<void> {
    response.type(this.registry.contentType).send(await this.registry.metrics());
  }
}
