/**
 * Loads the engine on first use. It is a bundle of its own (dist/engine.js, built from engineSession.ts) next
 * to dist/extension.js, so activating the extension never evaluates the engine, its libraries or sql.js
 * (measured: about 300 ms on a busy machine); only a command, view or CodeLens that needs it pays, once.
 */
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type * as EngineSession from './engineSession';

export type EngineModule = typeof EngineSession;

/** The engine bundle's file name, next to the extension bundle (see esbuild.mjs). */
export const ENGINE_BUNDLE = 'engine.js';

let loading: Promise<EngineModule> | undefined;
let loaded: EngineModule | undefined;

export function loadEngine(): Promise<EngineModule> {
  loading ??= Promise.resolve().then(() => {
    // A runtime require of a file the bundler does not follow: the engine stays out of extension.js.
    const load = createRequire(__filename);
    loaded = load(path.join(__dirname, ENGINE_BUNDLE)) as EngineModule;
    return loaded;
  });
  return loading;
}

/** The engine when something already loaded it; never loads it (for synchronous callers that can wait). */
export function engineIfLoaded(): EngineModule | undefined {
  return loaded;
}
