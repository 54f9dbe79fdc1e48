import type { InterruptedTask } from './options';

/**
 * The agent sessions an earlier life of the run left unfinished, by task index. The task's first attempt
 * in this life resumes its session when it runs on the agent that worked in it; after that, attempts
 * start afresh, since a retry follows a failure.
 */
export class EarlierSessions {
  private readonly byIndex = new Map<number, { sessionId: string; agent?: string }>();

  get size(): number {
    return this.byIndex.size;
  }

  add(index: number, interrupted: InterruptedTask): void {
    if (interrupted.sessionId !== undefined) this.byIndex.set(index, { sessionId: interrupted.sessionId, agent: interrupted.agent });
  }

  /** The session to resume for this attempt of the task, once. */
  take(index: number, agent: string): string | undefined {
    const earlier = this.byIndex.get(index);
    if (earlier === undefined) return undefined;
    this.byIndex.delete(index);
    return earlier.agent === undefined || earlier.agent === agent ? earlier.sessionId : undefined;
  }
}
