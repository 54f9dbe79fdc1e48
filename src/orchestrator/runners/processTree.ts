import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * Process-group handling for the command runner. On POSIX the command is spawned `detached`, which makes
 * it the leader of a new process group; signalling `-pid` reaches it and everything it started (unless a
 * descendant left the group on purpose). This is more reliable than walking parent links, which break as
 * soon as an intermediate process exits and its children are re-parented.
 */

/** Sends `signal` to the whole group led by `pid`; on Windows ends the tree with taskkill. */
export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  if (process.platform === 'win32') {
    execFile('taskkill', ['/pid', String(pid), '/T', '/F'], () => {});
    return;
  }
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone, which is what we wanted.
  }
}

/**
 * Whether any live (non-zombie) process remains in the group led by `pid`. On Linux this reads /proc,
 * because zombies still answer `kill(-pid, 0)` when nothing reaps them (a container whose PID 1 is not an
 * init); elsewhere it falls back to that probe.
 */
export function groupAlive(pid: number): boolean {
  if (process.platform === 'win32') return false;
  if (process.platform === 'linux') return linuxGroupAlive(pid);
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function linuxGroupAlive(pgid: number): boolean {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return false;
  }
  for (const entry of entries) {
    if (entry.charCodeAt(0) < 48 || entry.charCodeAt(0) > 57) continue;
    const stat = readStat(entry);
    if (stat !== undefined && stat.pgrp === pgid && stat.state !== 'Z' && stat.state !== 'X') return true;
  }
  return false;
}

/** State and process group from /proc/<pid>/stat; the command name may hold spaces, so parse after its `)`. */
export function readStat(pid: string | number): { state: string; pgrp: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0]!, pgrp: Number(fields[2]) };
  } catch {
    return undefined;
  }
}
