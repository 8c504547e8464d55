import { m, quantile, rate, stat, ts, type DashboardSpec } from './dashboard-builder';

export const pipeline: DashboardSpec = {
  uid: 'voltlane-pipeline',
  title: 'Voltlane / Pipeline',
  description:
    'From Kafka to the services and back: consumer lag, CALL handling, dead letters, producers, outbox, PostgreSQL pools, Redis, operator API.',
  rows: [
    {
      title: 'Now',
      panels: [
        stat(
          'Largest consumer lag',
          'The consumer group and topic furthest behind (records).',
          'short',
          `max(sum by (group, topic) (${m('voltlane_kafka_consumer_lag')}))`,
          [1000, 10000],
        ),
        stat(
          'Open dead letters',
          'Records parked and neither re-driven nor discarded.',
          'short',
          `sum(max by (group) (${m('voltlane_dead_letters_open')}))`,
          [1, 100],
        ),
        stat(
          'Kafka produce errors',
          'Records that failed to be produced, per second, all processes.',
          'ops',
          `sum(${rate(m('voltlane_kafka_produce_errors_total'))})`,
          [0.001, 1],
        ),
        stat(
          'Queries waiting for a connection',
          'PostgreSQL queries waiting for a pool connection, all pools.',
          'short',
          `sum(${m('voltlane_db_pool_waiting_requests')})`,
          [1, 10],
        ),
      ],
    },
    {
      title: 'Consumers and CALL handling',
      panels: [
        ts(
          'Consumer lag by group and topic',
          'Records behind the end of the topic after the last batch (VoltlaneConsumerLag fires above 1000 for 10 min).',
          'short',
          [{ expr: `sum by (group, topic) (${m('voltlane_kafka_consumer_lag')})`, legend: '{{group}} {{topic}}' }],
        ),
        ts(
          'Station CALLs handled by service and outcome',
          "result, callerror (the handler's own), refused (dead-lettered), failed (transient failure that outlasted the retries).",
          'ops',
          [{ expr: `sum by (service, outcome) (${rate(m('voltlane_service_calls_total'))})`, legend: '{{service}} {{outcome}}' }],
        ),
        ts('CALL handling time p99 by service', 'Time to handle a station CALL, its reply included.', 's', [
          { expr: quantile(0.99, 'voltlane_service_call_duration_seconds', ['service']), legend: '{{service}}' },
        ]),
        ts('CALLERRORs by service, action and code', 'CALLERRORs the services answered with, per second.', 'ops', [
          {
            expr: `sum by (service, action, code) (${rate(m('voltlane_service_call_errors_total'))})`,
            legend: '{{service}} {{action}} {{code}}',
          },
        ]),
      ],
    },
    {
      title: 'Dead letters',
      panels: [
        ts(
          'Open dead letters by group',
          'Parked records not yet re-driven or discarded (every service reads the shared table: max).',
          'short',
          [{ expr: `max by (group) (${m('voltlane_dead_letters_open')})`, legend: '{{group}}' }],
        ),
        ts('Records parked by group and code', 'Records parked in the last 5 minutes.', 'short', [
          { expr: `sum by (group, code) (increase(${m('voltlane_dead_letters_total')}[5m]))`, legend: '{{group}} {{code}}' },
        ]),
      ],
    },
    {
      title: 'Kafka producers and the outbox',
      panels: [
        ts(
          'Records produced by topic',
          'Records the brokers acknowledged, per second, all processes.',
          'ops',
          [{ expr: `sum by (topic) (${rate(m('voltlane_kafka_produced_records_total'))})`, legend: '{{topic}}' }],
          { stacked: true },
        ),
        ts('Produce errors by app and topic', 'Records whose produce failed, per second.', 'ops', [
          { expr: `sum by (app, topic) (${rate(m('voltlane_kafka_produce_errors_total'))})`, legend: '{{app}} {{topic}}' },
        ]),
        ts('Producer backlog by app', 'Records queued or in flight, and how long the batch in flight has been sent.', 'short', [
          { expr: `sum by (app) (${m('voltlane_kafka_producer_queued_records')})`, legend: 'queued {{app}}' },
          { expr: `max by (app) (${m('voltlane_kafka_producer_batch_in_flight_seconds')})`, legend: 'in flight (s) {{app}}' },
        ]),
        ts('Session outbox', 'Session events written and not yet published, and the age of the oldest.', 'short', [
          { expr: `max by (service) (${m('voltlane_outbox_pending_records')})`, legend: 'pending {{service}}' },
          { expr: `max by (service) (${m('voltlane_outbox_oldest_pending_age_seconds')})`, legend: 'oldest (s) {{service}}' },
        ]),
      ],
    },
    {
      title: 'PostgreSQL and Redis',
      panels: [
        ts('Pool connections in use', "Connections in use against the pool's limit, by app and pool.", 'short', [
          { expr: `sum by (app, pool) (${m('voltlane_db_pool_connections', 'state="used"')})`, legend: 'used {{app}} {{pool}}' },
          { expr: `sum by (app, pool) (${m('voltlane_db_pool_max_connections')})`, legend: 'max {{app}} {{pool}}' },
        ]),
        ts(
          'Queries waiting for a connection',
          'By app and pool: above 0 for long, with every connection in use, the pool is exhausted.',
          'short',
          [{ expr: `sum by (app, pool) (${m('voltlane_db_pool_waiting_requests')})`, legend: '{{app}} {{pool}}' }],
        ),
        ts('Redis connections', "Each app's Redis connection roles: 1 ready, 0 not.", 'short', [
          { expr: `min by (app, client) (${m('voltlane_redis_up')})`, legend: '{{app}} {{client}}' },
        ]),
        ts('Redis command errors and reconnects', 'Per second, by app.', 'ops', [
          { expr: `sum by (app) (${rate(m('voltlane_redis_command_errors_total'))})`, legend: 'errors {{app}}' },
          { expr: `sum by (app) (${rate(m('voltlane_redis_reconnects_total'))})`, legend: 'reconnects {{app}}' },
        ]),
      ],
    },
    {
      title: 'Operator API',
      panels: [
        ts('Requests by app and status', "Operator API requests per second (502/504 are a station's CALLERROR or timeout).", 'reqps', [
          { expr: `sum by (app, status) (${rate(m('voltlane_http_request_duration_seconds_count'))})`, legend: '{{app}} {{status}}' },
        ]),
        ts('Request time p99', 'At the services, and through the api-edge.', 's', [
          { expr: quantile(0.99, 'voltlane_http_request_duration_seconds', ['app']), legend: '{{app}}' },
          { expr: quantile(0.99, 'voltlane_edge_request_duration_seconds', ['service']), legend: 'edge → {{service}}' },
        ]),
      ],
    },
  ],
};

const billingApp = 'app=~"billing-service|voltlane"';

export const billing: DashboardSpec = {
  uid: 'voltlane-billing',
  title: 'Voltlane / Billing',
  description: "Sessions to CDRs: CDRs issued and published on billing.cdrs.v1, the CDR backlog, billing's consumer lag and dead letters.",
  rows: [
    {
      title: 'Now',
      panels: [
        stat(
          'CDRs issued (24 h)',
          'CDRs issued in the last 24 hours (one per ended session).',
          'short',
          `sum(increase(${m('voltlane_billing_cdrs_issued_total')}[24h]))`,
        ),
        stat(
          'Unpublished CDRs',
          'CDRs issued and not yet on billing.cdrs.v1.',
          'short',
          `max(${m('voltlane_billing_cdrs_unpublished')})`,
          [1, 100],
        ),
        stat(
          'Oldest unpublished CDR',
          'Age of the oldest CDR not yet published (VoltlaneCdrBacklog fires above 10 min).',
          's',
          `max(${m('voltlane_billing_cdr_oldest_unpublished_age_seconds')})`,
          [60, 600],
        ),
        stat('Active sessions', 'Charging sessions started and not ended.', 'short', `max(${m('voltlane_sessions_active')})`),
      ],
    },
    {
      title: 'CDRs',
      panels: [
        ts(
          'CDRs issued and published',
          'Per minute; publications include re-publications of a CDR whose session end was delivered again.',
          'short',
          [
            { expr: `sum(increase(${m('voltlane_billing_cdrs_issued_total')}[1m]))`, legend: 'issued' },
            { expr: `sum(increase(${m('voltlane_billing_cdrs_published_total')}[1m]))`, legend: 'published' },
          ],
        ),
        ts('CDR backlog', 'CDRs issued and not yet published, and the age of the oldest.', 'short', [
          { expr: `max(${m('voltlane_billing_cdrs_unpublished')})`, legend: 'unpublished' },
          { expr: `max(${m('voltlane_billing_cdr_oldest_unpublished_age_seconds')})`, legend: 'oldest (s)' },
        ]),
        ts('billing.cdrs.v1 records', 'Records acknowledged and failed on the CDR topic, per second.', 'ops', [
          { expr: `sum(${rate(m('voltlane_kafka_produced_records_total', 'topic=~"billing[.]cdrs[.]v1.*"'))})`, legend: 'acked' },
          { expr: `sum(${rate(m('voltlane_kafka_produce_errors_total', 'topic=~"billing[.]cdrs[.]v1.*"'))})`, legend: 'failed' },
        ]),
      ],
    },
    {
      title: 'Upstream of the CDRs',
      panels: [
        ts(
          'Billing consumer lag',
          'Records billing has not consumed yet, by group and topic (sessions.lifecycle.v1 feeds the CDRs).',
          'short',
          [{ expr: `sum by (group, topic) (${m('voltlane_kafka_consumer_lag', billingApp)})`, legend: '{{group}} {{topic}}' }],
        ),
        ts('Session outbox', 'Session events not yet published: billing sees no end, and issues no CDR, before they are.', 'short', [
          { expr: `max(${m('voltlane_outbox_pending_records')})`, legend: 'pending' },
          { expr: `max(${m('voltlane_outbox_oldest_pending_age_seconds')})`, legend: 'oldest (s)' },
        ]),
        ts('Billing dead letters', 'Open dead letters of the billing consumer groups.', 'short', [
          { expr: `max by (group) (${m('voltlane_dead_letters_open', 'group=~".*billing.*"')})`, legend: '{{group}}' },
        ]),
      ],
    },
  ],
};
