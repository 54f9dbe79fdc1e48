import { afterAll, beforeAll, inject } from 'vitest';
import { VsCodeSession, type VsCodeOptions } from './session';

/** The .vsix that the e2e global setup packaged; throws its reason when there is none. */
export function packagedVsix(): string {
  const provided = inject('prpE2e');
  if (!provided.vsix) throw new Error(`The end-to-end tests cannot run: ${provided.error}`);
  return provided.vsix;
}

/**
 * Starts one VS Code session for the test file (beforeAll) and always ends it (afterAll), even when a test or
 * the start itself failed. Returns a getter for the session, to call inside tests.
 */
export function useVsCode(options: Omit<VsCodeOptions, 'vsix'>): () => VsCodeSession {
  let session: VsCodeSession | undefined;
  beforeAll(async () => {
    session = await VsCodeSession.start({ ...options, vsix: packagedVsix() });
  });
  afterAll(async () => {
    await session?.close();
  });
  return () => {
    if (!session) throw new Error('The VS Code session did not start (see the beforeAll error).');
    return session;
  };
}
