export { OcppGateway, type GatewayDeps } from './gateway';
export {
  loadGatewayConfig,
  readOcppListenAddress,
  type GatewayConfig,
  type ListenerConfig,
  type SecurityProfile,
} from './config/gateway-config';
export { startDistributedGateway, type RunningGateway } from './create-gateway';
export { ANSWERED_BY_HEADER } from './routing/station-frame-handler';
export { bindGatewayMetrics, type GatewayMetricsOptions } from './gateway-metrics';
export { listeningCheck } from './gateway-readiness';
