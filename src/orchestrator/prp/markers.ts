import type { TaskMarker } from '../model';

/** Text with the author's status marker removed, and the marker it carried. */
export interface Marked {
  text: string;
  marker?: TaskMarker;
}

/** Longer headings are clipped before any pattern runs, so no regex ever sees a megabyte line. */
export const MAX_TITLE_CHARS = 2000;

const BOX = /^\s*(`?)\[(x|X| |~|-|wip|WIP|f|F|done|DONE|todo|TODO)\]\1\s*/;
const EMOJI = '✅|✔️|✔|☑️|☑|🚧|⏳|🔄|⬜|☐|❌';
const LEADING_EMOJI = new RegExp(`^\\s*(${EMOJI})\\s*`, 'u');
const TRAILING_EMOJI = new RegExp(`(?:^|\\s)(${EMOJI})\\s*[-–—:]?\\s*(COMPLETED|COMPLETE|DONE|FINISHED|IN PROGRESS|WIP|TODO)?\\s*$`, 'u');
const TRAILING_WORD = /\s[-–—:]?\s?[([](COMPLETED|COMPLETE|DONE|FINISHED|IN PROGRESS|WIP|TODO)[)\]]\s*$/i;

/** Strips a leading `[x]`/`[ ]`/`[~]` box, a status emoji, or a trailing `✅ COMPLETED`, and names the marker. */
export function stripMarker(raw: string): Marked {
  let text = raw.length > MAX_TITLE_CHARS ? raw.slice(0, MAX_TITLE_CHARS) : raw;
  let marker: TaskMarker | undefined;
  const box = BOX.exec(text);
  if (box) {
    marker = boxMarker(box[2]!);
    text = text.slice(box[0].length);
  }
  const lead = LEADING_EMOJI.exec(text);
  if (lead) {
    marker ??= emojiMarker(lead[1]!);
    text = text.slice(lead[0].length);
  }
  const trail = TRAILING_EMOJI.exec(text);
  if (trail) {
    marker ??= trail[2] ? wordMarker(trail[2]) : emojiMarker(trail[1]!);
    text = text.slice(0, trail.index);
  } else {
    const word = TRAILING_WORD.exec(text);
    if (word) {
      marker ??= wordMarker(word[1]!);
      text = text.slice(0, word.index);
    }
  }
  const result: Marked = { text: text.trim() };
  if (marker) result.marker = marker;
  return result;
}

function boxMarker(inside: string): TaskMarker {
  const v = inside.toLowerCase();
  if (v === 'x' || v === 'done') return 'done';
  if (v === '~' || v === '-' || v === 'wip') return 'in-progress';
  // `[f]` (failed) still has to be done, so it counts as to do.
  return 'todo';
}

function emojiMarker(emoji: string): TaskMarker {
  if (/[✅✔☑]/u.test(emoji)) return 'done';
  if (/[🚧⏳🔄]/u.test(emoji)) return 'in-progress';
  return 'todo';
}

function wordMarker(word: string): TaskMarker {
  const v = word.toUpperCase();
  if (v === 'WIP' || v === 'IN PROGRESS') return 'in-progress';
  if (v === 'TODO') return 'todo';
  return 'done';
}

/** A list item's leading checkbox: `[x]` done, `[ ]` not; also `✅` counts as checked. */
export function checkbox(text: string): { text: string; checked: boolean; boxed: boolean } {
  const box = /^\s*\[([ xX])\]\s*/.exec(text);
  if (box) return { text: text.slice(box[0].length).trim(), checked: box[1] !== ' ', boxed: true };
  const emoji = /^\s*(✅|✔️|✔|☑️|☑)\s*/u.exec(text);
  if (emoji) return { text: text.slice(emoji[0].length).trim(), checked: true, boxed: true };
  return { text: text.trim(), checked: false, boxed: false };
}
