export { DEFAULT_WEIGHTS, RoutingWeightsError, normalizeWeights } from './weights';
export { NoAgentsError, Router } from './router';
export type { RouterOptions } from './router';
export { routeGraph } from './routeGraph';
export { SPECIALIZATION_THRESHOLD } from './calibration';
export type { RoutableTask } from './types';
