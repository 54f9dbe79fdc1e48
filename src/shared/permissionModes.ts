/**
 * The modes `claude --permission-mode` accepts (Claude Code 2.1), for the front ends that let a person pick
 * one: the CLI's `--permission-mode` and the extension's setting. Here rather than in the engine so the
 * extension can check its settings without loading the engine.
 */
export const PERMISSION_MODES = ['acceptEdits', 'auto', 'bypassPermissions', 'default', 'dontAsk', 'plan'] as const;

export type PermissionMode = (typeof PERMISSION_MODES)[number];
