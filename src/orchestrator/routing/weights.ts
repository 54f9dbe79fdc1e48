import type { RoutingWeights } from '../model';

/** The weights: specialization 0.40, free capacity 0.30, past success 0.20, speed 0.10. */
export const DEFAULT_WEIGHTS: Readonly<RoutingWeights> = Object.freeze({
  specialization: 0.4,
  load: 0.3,
  history: 0.2,
  responseTime: 0.1,
});

/** Thrown for weights that cannot be used, e.g. a negative or non-finite number. */
export class RoutingWeightsError extends Error {
  readonly reason = 'invalid-weights';
  constructor(message: string) {
    super(message);
    this.name = 'RoutingWeightsError';
  }
}

const KEYS = ['specialization', 'load', 'history', 'responseTime'] as const;

/**
 * Fills missing weights from {@link DEFAULT_WEIGHTS} and scales them to sum to 1, so every score stays in
 * [0, 1] whatever the person configured.
 */
export function normalizeWeights(partial: Partial<RoutingWeights> = {}): RoutingWeights {
  const merged = { ...DEFAULT_WEIGHTS, ...definedOnly(partial) };
  for (const key of KEYS) {
    const value = merged[key];
    if (!Number.isFinite(value) || value < 0) {
      throw new RoutingWeightsError(`Routing weight "${key}" must be a number ≥ 0, received ${String(value)}.`);
    }
  }
  const sum = KEYS.reduce((total, key) => total + merged[key], 0);
  if (sum === 0) throw new RoutingWeightsError('At least one routing weight must be greater than 0; all were 0.');
  return {
    specialization: merged.specialization / sum,
    load: merged.load / sum,
    history: merged.history / sum,
    responseTime: merged.responseTime / sum,
  };
}

function definedOnly(partial: Partial<RoutingWeights>): Partial<RoutingWeights> {
  return Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined)) as Partial<RoutingWeights>;
}
