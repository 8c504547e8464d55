import { m, processPanels, quantile, rate, stat, ts, type DashboardSpec } from './dashboard-builder';

const CALL_ERROR_RATIO = `sum(${rate(m('voltlane_gateway_call_duration_seconds_count', 'outcome="error"'))}) / sum(${rate(m('voltlane_gateway_call_duration_seconds_count'))})`;

export const network: DashboardSpec = {
  uid: 'voltlane-network',
  title: 'Voltlane / Network',
  description: 'The station network: connected stations, sessions, CALLs and their errors, connections and refused handshakes.',
  rows: [
    {
      title: 'Now',
      panels: [
        stat(
          'Connected stations',
          'Stations with an open WebSocket on any gateway instance.',
          'short',
          `sum(${m('voltlane_gateway_connected_stations')})`,
        ),
        stat(
          'Active sessions',
          'Charging sessions started and not ended (session-service).',
          'short',
          `max(${m('voltlane_sessions_active')})`,
        ),
        stat('Station CALLs', 'Valid station CALLs accepted per second.', 'reqps', `sum(${rate(m('voltlane_gateway_calls_total'))})`),
        stat('CALL error ratio', 'Share of accepted CALLs answered with a CALLERROR.', 'percentunit', CALL_ERROR_RATIO, [0.01, 0.05]),
      ],
    },
    {
      title: 'Stations and connections',
      panels: [
        ts('Connected stations by protocol', 'Open station connections, by OCPP version.', 'short', [
          { expr: `sum by (protocol) (${m('voltlane_gateway_connected_stations')})`, legend: '{{protocol}}' },
        ]),
        ts('Active sessions', 'Charging sessions started and not ended.', 'short', [
          { expr: `max(${m('voltlane_sessions_active')})`, legend: 'active' },
        ]),
        ts('Connections opened and closed', 'Station connections per second; a wave of closes and opens is a reconnect storm.', 'ops', [
          { expr: `sum by (event) (${rate(m('voltlane_gateway_connections_total'))})`, legend: '{{event}}' },
        ]),
        ts('Refused handshakes and authentications', 'Refused WebSocket handshakes by reason, refused authentications by kind.', 'ops', [
          { expr: `sum by (reason) (${rate(m('voltlane_gateway_handshakes_refused_total'))})`, legend: 'handshake: {{reason}}' },
          { expr: `sum by (kind) (${rate(m('voltlane_gateway_auth_failures_total'))})`, legend: 'auth: {{kind}}' },
        ]),
      ],
    },
    {
      title: 'CALLs',
      panels: [
        ts(
          'Station CALLs by action',
          'Valid station CALLs accepted per second, by action.',
          'reqps',
          [{ expr: `sum by (action) (${rate(m('voltlane_gateway_calls_total'))})`, legend: '{{action}}' }],
          { stacked: true },
        ),
        ts(
          'CALL error ratio by action',
          "Share of each action's CALLs answered with a CALLERROR (the alert VoltlaneCallErrorRate fires above 5 %).",
          'percentunit',
          [
            {
              expr: `sum by (action) (${rate(m('voltlane_gateway_call_duration_seconds_count', 'outcome="error"'))}) / sum by (action) (${rate(m('voltlane_gateway_call_duration_seconds_count'))})`,
              legend: '{{action}}',
            },
          ],
        ),
        ts(
          'CALLERRORs by action and code',
          "CALLERRORs sent to stations per second (the gateway's own and the services'), by action and error code.",
          'ops',
          [{ expr: `sum by (action, code) (${rate(m('voltlane_gateway_call_errors_total'))})`, legend: '{{action}} {{code}}' }],
        ),
        ts('Operator commands to stations', 'CSMS→station calls per second, by outcome.', 'ops', [
          { expr: `sum by (outcome) (${rate(m('voltlane_gateway_commands_total'))})`, legend: '{{outcome}}' },
        ]),
      ],
    },
  ],
};

const gw = 'app="ocpp-gateway"';

export const gateway: DashboardSpec = {
  uid: 'voltlane-gateway',
  title: 'Voltlane / Gateway',
  description: 'The ocpp-gateway instances: readiness, frames, latency, replies, Kafka producer, Redis and the process.',
  rows: [
    {
      title: 'Instances',
      panels: [
        stat('Instances up', 'Gateway instances Prometheus reaches.', 'short', `sum(up{namespace=~"$namespace",job="ocpp-gateway"})`),
        stat(
          'Instances not ready',
          'Gateway instances failing a readiness check.',
          'short',
          `count(min without (check) (${m('voltlane_gateway_ready')}) == 0) or vector(0)`,
          [1, 1],
        ),
        stat(
          'CALL p99',
          'p99 of a station CALL from receipt to its answer, all actions.',
          's',
          quantile(0.99, 'voltlane_gateway_call_duration_seconds'),
          [1, 5],
        ),
        stat(
          'Kafka produce p99',
          'p99 of a Kafka produce batch (acks=all).',
          's',
          quantile(0.99, 'voltlane_gateway_kafka_produce_duration_seconds'),
          [0.25, 1],
        ),
        ts(
          'Readiness checks',
          'Each readiness check of each instance: 1 passes, 0 fails.',
          'short',
          [{ expr: `min by (instance, check) (${m('voltlane_gateway_ready')})`, legend: '{{instance}} {{check}}' }],
          { width: 24 },
        ),
      ],
    },
    {
      title: 'Traffic',
      panels: [
        ts(
          'Inbound frames by result',
          'Frames per second: received, invalid, rate limited, published, publish failed, answered locally.',
          'ops',
          [{ expr: `sum by (result) (${rate(m('voltlane_gateway_frames_total'))})`, legend: '{{result}}' }],
        ),
        ts(
          'Service replies by result',
          "Replies from the services per second: delivered, dropped, invalid, and the gateway's own answers after a timeout.",
          'ops',
          [{ expr: `sum by (result) (${rate(m('voltlane_gateway_replies_total'))})`, legend: '{{result}}' }],
        ),
        ts('CALL latency by action (p50, p99)', 'Station CALL round trip inside the CSMS.', 's', [
          { expr: quantile(0.5, 'voltlane_gateway_call_duration_seconds', ['action']), legend: 'p50 {{action}}' },
          { expr: quantile(0.99, 'voltlane_gateway_call_duration_seconds', ['action']), legend: 'p99 {{action}}' },
        ]),
        ts('Slow readers cut', 'Connections terminated because the station did not read what was sent to it.', 'ops', [
          { expr: `sum(${rate(m('voltlane_gateway_slow_readers_cut_total'))})`, legend: 'cut' },
        ]),
      ],
    },
    {
      title: 'Kafka and Redis',
      panels: [
        ts('Records produced and failed', 'Records the brokers acknowledged and records that failed, per second, by topic.', 'ops', [
          { expr: `sum by (topic) (${rate(m('voltlane_kafka_produced_records_total', gw))})`, legend: 'acked {{topic}}' },
          { expr: `sum by (topic) (${rate(m('voltlane_kafka_produce_errors_total', gw))})`, legend: 'failed {{topic}}' },
        ]),
        ts(
          'Producer backlog',
          'Records waiting or in flight, and how long the batch in flight has been sent (grows while the brokers are unreachable).',
          'short',
          [
            { expr: `sum by (instance) (${m('voltlane_kafka_producer_queued_records', gw)})`, legend: 'queued {{instance}}' },
            {
              expr: `max by (instance) (${m('voltlane_kafka_producer_batch_in_flight_seconds', gw)})`,
              legend: 'in flight (s) {{instance}}',
            },
          ],
        ),
        ts('Redis connections', 'Each Redis connection role: 1 ready, 0 not.', 'short', [
          { expr: `min by (instance, client) (${m('voltlane_redis_up', gw)})`, legend: '{{instance}} {{client}}' },
        ]),
        ts('Redis reconnects and command errors', 'Per second, by role.', 'ops', [
          { expr: `sum by (client) (${rate(m('voltlane_redis_reconnects_total', gw))})`, legend: 'reconnects {{client}}' },
          { expr: `sum by (client) (${rate(m('voltlane_redis_command_errors_total', gw))})`, legend: 'errors {{client}}' },
        ]),
      ],
    },
    { title: 'Process', panels: processPanels(gw) },
  ],
};
