import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Put, Res, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { SchemaPipe } from '@voltlane/api-kit';
import { invalid, notFound } from '../application/topology/energy-error';
import type { PriorityMatch, PriorityRule } from '../persistence/priority-rule.repository';
import { ENERGY_API, type EnergyApiDeps } from './energy-api.deps';
import { PRIORITY_MATCHES, priorityBodySchema, priorityRuleSchema } from './energy-api.schemas';
import { problem } from './energy-params';
import { EnergyProblemInterceptor } from './energy-problems';

const isMatch = (match: string): match is PriorityMatch => (PRIORITY_MATCHES as readonly string[]).includes(match);
const validValue = (value: string): boolean => value.length >= 1 && value.length <= 128;

const ApiMatch = ApiParam({ name: 'match', schema: { type: 'string', enum: [...PRIORITY_MATCHES] }, description: 'token or group' });
const ApiValue = ApiParam({
  name: 'value',
  schema: { type: 'string', minLength: 1, maxLength: 128 },
  description: 'token: the id token key (<type>:<VALUE>, e.g. ISO14443:AABBCCDD); group: the customer group',
});

/** Priorities per id token or customer group: higher keeps its minimum when others pause, and is filled first. */
@ApiTags('energy')
@ApiSecurity('apiKey')
@UseInterceptors(EnergyProblemInterceptor)
@Controller('api/v1/energy/priorities')
export class PrioritiesController {
  constructor(@Inject(ENERGY_API) private readonly energy: EnergyApiDeps) {}

  @Get()
  @ApiOperation({ operationId: 'listEnergyPriorities', summary: 'Priority rules', description: 'Every priority rule, by match and value.' })
  @ApiResponse({ status: 200, description: 'The rules', schema: { type: 'array', items: priorityRuleSchema } })
  list(): Promise<PriorityRule[]> {
    return this.energy.priorities.list();
  }

  @Put(':match/:value')
  @ApiOperation({
    operationId: 'putEnergyPriority',
    summary: 'Set the priority of an id token or customer group',
    description:
      'Creates (201) or changes (200) the rule; every site is re-planned. Sessions without a rule have priority 0 (or their EVSE’s).',
  })
  @ApiMatch
  @ApiValue
  @ApiBody({ schema: priorityBodySchema })
  @ApiResponse({ status: 200, description: 'Changed', schema: priorityRuleSchema })
  @ApiResponse({ status: 201, description: 'Created', schema: priorityRuleSchema })
  @problem(400, 'Invalid match, value or body')
  async put(
    @Param('match') match: string,
    @Param('value') value: string,
    @Body(new SchemaPipe(priorityBodySchema)) body: { priority: number },
    @Res({ passthrough: true }) response: Response,
  ): Promise<PriorityRule> {
    if (!isMatch(match)) throw invalid('BadMatch', `match must be one of ${PRIORITY_MATCHES.join(', ')}`, 'match');
    if (!validValue(value)) throw invalid('BadValue', 'value must be 1–128 characters', 'value');
    const { rule, created } = await this.energy.priorities.put({ match, value, priority: body.priority });
    response.status(created ? 201 : 200);
    return rule;
  }

  @Delete(':match/:value')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'deleteEnergyPriority',
    summary: 'Remove a priority rule',
    description: 'Removes the rule; every site is re-planned.',
  })
  @ApiMatch
  @ApiValue
  @ApiResponse({ status: 204, description: 'Removed' })
  @problem(404, 'No such rule')
  async delete(@Param('match') match: string, @Param('value') value: string): Promise<void> {
    if (!isMatch(match)) throw notFound('UnknownPriorityRule', `no priority rule for ${match} ${value}`);
    await this.energy.priorities.delete(match, value);
  }
}
