import { useCallback, useEffect, useRef, useState } from 'react';
import type { ActionOutcome } from '../host/types';

export interface ActionState {
  /** What is being done, while waiting for the host's answer. */
  pending?: string;
  outcome?: ActionOutcome & { label: string };
}

/**
 * Runs host actions one at a time and keeps the host's answer to show next to the buttons. An answer that
 * comes after the view went away is dropped.
 */
export function useAction(): [ActionState, (label: string, action: () => Promise<ActionOutcome>) => void] {
  const [state, setState] = useState<ActionState>({});
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const run = useCallback((label: string, action: () => Promise<ActionOutcome>) => {
    setState({ pending: label });
    void action().then((outcome) => {
      if (mounted.current) setState({ outcome: { ...outcome, label } });
    });
  }, []);
  return [state, run];
}
