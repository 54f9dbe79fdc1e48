import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** VS Code user settings as plain JSON. */
export type Settings = Record<string, unknown>;

/**
 * Settings every session starts from: a quiet, deterministic workbench (no welcome page, tips, update checks,
 * telemetry or AI chat panel) and workspace trust turned off, so everything is trusted.
 */
export const BASE_SETTINGS: Settings = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.autofetch': false,
  'git.openRepositoryInParentFolders': 'never',
};

/**
 * Settings for an untrusted workspace: trust is enabled and never asked about at start, so the folder opens in
 * Restricted Mode (extensions that declare limited support run with their limits).
 */
export const UNTRUSTED_SETTINGS: Settings = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.emptyWindow': false,
};

export function userSettingsPath(userDataDir: string): string {
  return path.join(userDataDir, 'User', 'settings.json');
}

/** Writes `settings` as the whole User/settings.json. VS Code watches the file, so a running window applies it. */
export function writeUserSettings(userDataDir: string, settings: Settings): void {
  const file = userSettingsPath(userDataDir);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(settings, null, 2)}\n`);
}

/** Merges `patch` into User/settings.json; a key whose value is `undefined` is removed. */
export function updateUserSettings(userDataDir: string, patch: Settings): Settings {
  const current = JSON.parse(readFileSync(userSettingsPath(userDataDir), 'utf8')) as Settings;
  const next: Settings = { ...current, ...patch };
  for (const [key, value] of Object.entries(patch)) if (value === undefined) delete next[key];
  writeUserSettings(userDataDir, next);
  return next;
}
