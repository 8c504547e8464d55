// Applies the metering-service's migrations and exits (the Helm chart's migration Job).
import { runMigrations } from '@voltlane/service-kit';
import { CreateMeterSamples1732400000000 } from './migrations/1732400000000-create-meter-samples';
import { CreateSessionRefs1764100000000 } from './migrations/1764100000000-create-session-refs';
import { MeterSampleEntity } from './persistence/meter-sample.entity';

runMigrations({ name: 'metering-service', defaultSchema: 'metering', entities: [MeterSampleEntity], migrations: [CreateMeterSamples1732400000000, CreateSessionRefs1764100000000] });
