export { ADMIN_KEY_FILE, adminKeyStatus, resolveAdminKey, type AdminKey } from './admin-key';
export { describeExit, type AppExit, type DistributedEnd } from './app-fleet';
export { APP_NAMES, LAB_DEFAULTS, planStack, type AppName, type AppPlan, type PortOverrides, type StackPlan } from './app-plan';
export { banner } from './banner';
export {
  DEFAULT_SERVICE_PORTS,
  SERVICES,
  loadDistributedConfig,
  servicePortVariable,
  type DistributedConfig,
  type ServiceName,
} from './distributed-config';
export { linePrefixer, wantsColour } from './prefixed-output';
export {
  DistributedLauncher,
  StartCancelled,
  repositoryRoot,
  startDistributed,
  type OutputLine,
  type RunningApp,
  type RunningDistributed,
  type StartDistributedOptions,
} from './start-distributed';
