import type { BootStatus } from '@voltlane/messaging';

/** How a policy is spelled in configuration. */
export type PolicySetting = 'accept' | 'pending' | 'reject';

export interface BootPolicyConfig {
  /** Policy given to a station that boots without being provisioned (it is auto-registered with it). */
  unknownStations: PolicySetting;
  /** Policy of a provisioned station that has no policy of its own. */
  defaultPolicy: PolicySetting;
  heartbeatIntervalS: number;
  /** `interval` of a Pending or Rejected answer: the minimum wait before the next BootNotification. */
  retryIntervalS: number;
}

/** What the service knows about a station when its BootNotification arrives. */
export interface StationBootFacts {
  /** Set by an operator (or by the auto-registration of an unknown station). */
  policy: BootStatus | null;
  /** Created by an operator (credentials or policy), as opposed to seen for the first time. */
  provisioned: boolean;
}

export interface BootDecision {
  status: BootStatus;
  /** Heartbeat interval when Accepted, otherwise the retry wait, in seconds. */
  interval: number;
  /** Policy to store for the station: set when an unknown station is auto-registered. */
  registerWith: BootStatus | null;
}

export function statusOfSetting(setting: PolicySetting): BootStatus {
  switch (setting) {
    case 'accept':
      return 'Accepted';
    case 'pending':
      return 'Pending';
    case 'reject':
      return 'Rejected';
  }
}

/**
 * The BootNotification policy: a station's own policy wins; a provisioned station without one
 * gets the default policy; an unknown station is registered with the unknown-station policy, so
 * it keeps that status at every boot until an operator changes it.
 */
export function decideBoot(facts: StationBootFacts, config: BootPolicyConfig): BootDecision {
  let status: BootStatus;
  let registerWith: BootStatus | null = null;
  if (facts.policy) status = facts.policy;
  else if (facts.provisioned) status = statusOfSetting(config.defaultPolicy);
  else status = registerWith = statusOfSetting(config.unknownStations);
  return { status, interval: status === 'Accepted' ? config.heartbeatIntervalS : config.retryIntervalS, registerWith };
}
