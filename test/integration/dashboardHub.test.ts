import { describe, expect, it } from 'vitest';
import type { RunEvent, TaskGraph } from '../../src/orchestrator/model';
import { DashboardHub } from '../../src/cli/dashboard/hub';
import type { ClientChannel } from '../../src/cli/dashboard/hub';
import { planState } from '../../src/cli/dashboard/initialState';
import { applyRunEvents } from '../../src/shared/dashboardState';
import type { DashboardState } from '../../src/shared/dashboardState';
import type { HostMessage } from '../../src/shared/protocol';

const graph: TaskGraph = {
  title: 'One task',
  tasks: [{ id: 'T1', title: 'Task 1', body: '', files: [], tags: [], complexity: 1, estimateMs: 1000 }],
  dependencies: [],
};

function progress(seq: number): RunEvent {
  return { runId: 'run-1', seq, time: seq, type: 'task.progress', taskId: 'T1', agent: 'general', message: `line ${seq}` };
}

/** A channel whose writes complete only when the test says so, like a socket to a stalled browser tab. */
class StalledChannel implements ClientChannel {
  readonly sent: HostMessage[] = [];
  private readonly callbacks: Array<() => void> = [];
  get bufferedAmount(): number {
    return this.callbacks.length * 100;
  }
  send(text: string, done: () => void): void {
    this.sent.push(JSON.parse(text) as HostMessage);
    this.callbacks.push(done);
  }
  drain(): void {
    while (this.callbacks.length > 0) this.callbacks.shift()!();
  }
}

/** Replays what a channel received as a dashboard would, failing on any gap in versions. */
function replay(messages: HostMessage[]): DashboardState {
  let state: DashboardState | undefined;
  for (const message of messages) {
    if (message.type === 'snapshot') state = message.state;
    if (message.type === 'events') {
      expect(message.fromVersion).toBe(state!.version);
      state = applyRunEvents(state!, message.events);
    }
  }
  return state!;
}

describe('dashboard hub', () => {
  it('leaves a stalled client behind without holding up the run, then resyncs it by snapshot', () => {
    const hub = new DashboardHub(planState({ graph }, { runId: 'run-1' }), { maxPendingMessages: 4 });
    const slow = new StalledChannel();
    const client = hub.connect(slow);
    hub.ready(client);
    for (let seq = 1; seq <= 50; seq++) {
      hub.apply(progress(seq));
      hub.flush();
    }
    // The run went on: every event is in the state, while the stalled client got only a bounded number of messages.
    expect(hub.state.version).toBe(50);
    expect(slow.sent.length).toBeLessThanOrEqual(4);
    expect(client.lagging).toBe(true);
    slow.drain();
    expect(slow.sent.at(-1)!.type).toBe('snapshot');
    expect(client.lagging).toBe(false);
    for (let seq = 51; seq <= 53; seq++) hub.apply(progress(seq));
    hub.flush();
    slow.drain();
    const state = replay(slow.sent);
    expect(state).toEqual(hub.state);
    expect(state.version).toBe(53);
  });

  it('batches the events of one tick into one increment and sends nothing before ready', () => {
    const hub = new DashboardHub(planState({ graph }, { runId: 'run-1' }));
    const channel = new StalledChannel();
    const client = hub.connect(channel);
    hub.apply(progress(1));
    hub.flush();
    expect(channel.sent).toEqual([]);
    hub.ready(client);
    for (let seq = 2; seq <= 6; seq++) hub.apply(progress(seq));
    hub.flush();
    channel.drain();
    expect(channel.sent.map((m) => m.type)).toEqual(['snapshot', 'events']);
    expect(channel.sent[1]).toMatchObject({ type: 'events', fromVersion: 1 });
    expect(replay(channel.sent)).toEqual(hub.state);
  });

  it('sends every ready client a snapshot when the state is replaced', () => {
    const hub = new DashboardHub(planState({ graph }, { runId: 'run-1' }));
    const channel = new StalledChannel();
    hub.ready(hub.connect(channel));
    hub.apply(progress(1));
    hub.reset(planState({ graph }, { runId: 'run-2' }));
    hub.flush();
    channel.drain();
    expect(channel.sent.map((m) => m.type)).toEqual(['snapshot', 'snapshot']);
    expect(replay(channel.sent).run.runId).toBe('run-2');
  });
});
