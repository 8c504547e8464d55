export { loadEdgeConfig, type EdgeConfig } from './edge-config';
