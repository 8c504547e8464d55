// Loaded first by main.ts: tracing starts before anything else is imported.
import { startTelemetryFromEnv } from '@voltlane/telemetry';

export const telemetry = startTelemetryFromEnv('energy-service');
