import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AGENTS_VIEW, RUN_COMMANDS, RUNS_VIEW, VIEW_CONTAINER } from '../../src/extension/ids';
import { readSettings, SETTINGS_SECTION } from '../../src/extension/settings';

interface Manifest {
  activationEvents: string[];
  contributes: {
    commands: Array<{ command: string; title: string; category?: string }>;
    viewsContainers: { activitybar: Array<{ id: string; icon: string }> };
    views: Record<string, Array<{ id: string }>>;
    menus: Record<string, Array<{ command: string; when?: string }>>;
    configuration: { properties: Record<string, { default?: unknown; description?: string; markdownDescription?: string }> };
  };
  capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations?: string[] } };
}

const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as Manifest;
const declared = new Set(manifest.contributes.commands.map((c) => c.command));

describe('package.json contributions of the run features', () => {
  it('declares every command the extension registers, in the PRP category', () => {
    for (const id of Object.values(RUN_COMMANDS)) {
      const command = manifest.contributes.commands.find((c) => c.command === id);
      expect(command, id).toBeDefined();
      expect(command!.category).toBe('PRP');
    }
  });

  it('uses only declared commands in its menus', () => {
    for (const [menu, items] of Object.entries(manifest.contributes.menus)) {
      for (const item of items) expect(declared.has(item.command), `${menu}: ${item.command}`).toBe(true);
    }
  });

  it('has the side bar container with the Agents and Runs views, and activates lazily', () => {
    expect(manifest.contributes.viewsContainers.activitybar.map((c) => c.id)).toContain(VIEW_CONTAINER);
    expect(manifest.contributes.views[VIEW_CONTAINER]!.map((v) => v.id)).toEqual([AGENTS_VIEW, RUNS_VIEW]);
    expect(manifest.activationEvents).not.toContain('*');
    expect(manifest.activationEvents).toEqual(expect.arrayContaining([`onView:${AGENTS_VIEW}`, `onView:${RUNS_VIEW}`, 'workspaceContains:**/PRPs/**/*.md']));
  });

  it('documents every setting, and its default is what the extension uses when nothing is set', () => {
    const properties = manifest.contributes.configuration.properties;
    const defaults: Record<string, unknown> = {};
    for (const [key, property] of Object.entries(properties)) {
      expect(property.description ?? property.markdownDescription, key).toBeTruthy();
      expect(property.default, key).not.toBeUndefined();
      defaults[key.slice(SETTINGS_SECTION.length + 1)] = property.default;
    }
    const fromManifest = readSettings((key) => defaults[key]);
    const unset = readSettings(() => undefined);
    expect(fromManifest.warnings).toEqual([]);
    expect({ ...fromManifest, routingWeights: undefined }).toEqual({ ...unset, routingWeights: undefined });
    expect(fromManifest.routingWeights).toEqual({ specialization: 0.4, load: 0.3, history: 0.2, responseTime: 0.1 });
  });

  it('keeps the settings that choose what runs out of reach of an untrusted workspace', () => {
    const restricted = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations ?? [];
    expect(manifest.capabilities.untrustedWorkspaces.supported).toBe('limited');
    expect(restricted).toEqual(expect.arrayContaining(['prpOrchestrator.runner', 'prpOrchestrator.claude.path', 'prpOrchestrator.command.line']));
  });
});
