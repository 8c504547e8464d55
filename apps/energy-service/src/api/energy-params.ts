import { ApiParam, ApiResponse } from '@nestjs/swagger';
import { ENERGY_NODE_ID_PATTERN, ENERGY_SITE_ID_PATTERN } from '@voltlane/contracts';
import { invalid, notFound } from '../application/topology/energy-error';
import { unknownNode } from '../application/topology/node.service';
import { unknownSite } from '../application/topology/site.service';
import { problemSchema } from './energy-api.schemas';

const SITE_ID = new RegExp(ENERGY_SITE_ID_PATTERN);
const NODE_ID = new RegExp(ENERGY_NODE_ID_PATTERN);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A site id from the path: one that cannot exist is an unknown site (404). */
export function siteIdParam(siteId: string): string {
  if (!SITE_ID.test(siteId)) throw unknownSite(siteId);
  return siteId;
}

/** A node id from the path of a read or delete: one that cannot exist is an unknown node (404). */
export function nodeIdParam(siteId: string, nodeId: string): string {
  if (!NODE_ID.test(nodeId)) throw unknownNode(siteId, nodeId);
  return nodeId;
}

/** A node id from the path of a PUT (it names the node to create): one of the wrong form is refused (400). */
export function newNodeIdParam(nodeId: string): string {
  if (!NODE_ID.test(nodeId)) throw invalid('BadNodeId', `node id ${nodeId} must match ${ENERGY_NODE_ID_PATTERN}`, 'nodeId');
  return nodeId;
}

export function limitIdParam(siteId: string, limitId: string): string {
  if (!UUID.test(limitId)) throw notFound('UnknownLimit', `no limit ${limitId} in force or ahead in site ${siteId}`);
  return limitId;
}

export const problem = (status: number, description: string): MethodDecorator & ClassDecorator =>
  ApiResponse({ status, description, content: { 'application/problem+json': { schema: problemSchema } } });

export const ApiSiteId = ApiParam({ name: 'siteId', schema: { type: 'string', pattern: ENERGY_SITE_ID_PATTERN } });
export const ApiNodeId = ApiParam({ name: 'nodeId', schema: { type: 'string', pattern: ENERGY_NODE_ID_PATTERN } });

/**
 * A date-time the schema let through as a Date; one that names no instant (a leap second,
 * 23:59:60, passes the format but not `Date`) is refused naming the field (400), never stored.
 */
export function dateParam(value: string, field: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw invalid('BadTime', `${field} ${value} names no instant (a leap second?)`, field);
  return date;
}

/** dateParam of an optional field. */
export const optionalDate = (value: string | undefined, field: string): Date | undefined =>
  value === undefined ? undefined : dateParam(value, field);
