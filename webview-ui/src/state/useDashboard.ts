/** React access to the store and the host: one context, read with useSyncExternalStore. */
import { createContext, useContext, useSyncExternalStore } from 'react';
import type { DashboardHost } from '../host/types';
import type { DashboardStore, ViewState } from './dashboardStore';

export const StoreContext = createContext<DashboardStore | undefined>(undefined);

export function useStore(): DashboardStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('The dashboard views need a StoreContext provider around them.');
  return store;
}

export function useViewState(): ViewState {
  const store = useStore();
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
}

export function useHost(): DashboardHost {
  return useStore().host;
}
