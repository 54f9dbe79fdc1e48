import type { AgentProfile } from '../model';
import { conceptTermsOfStem } from './concepts';
import { forEachToken } from './text';

/** Weighted counts of terms: word stems and `#concept` pseudo-terms. */
export type Bag = Map<string, number>;

/** Receives each term of a text with its weight and a readable form (the word, or the concept's name). */
export type TermSink = (term: string, weight: number, surface: string) => void;

/** A concept hit counts a little less than the literal word, so exact matches still rank first. */
export const CONCEPT_SHARE = 0.8;

/** Emits the stems of `text` and the concepts they trigger; returns how many words there were. */
export function visitText(text: string, weight: number, sink: TermSink): number {
  return forEachToken(text, (token) => {
    sink(token.stem, weight, token.word);
    for (const concept of conceptTermsOfStem(token.stem)) sink(concept, weight * CONCEPT_SHARE, concept.slice(1));
  });
}

/** Adds the terms of `text` to a bag; returns how many words there were. */
export function addText(bag: Bag, text: string, weight: number): number {
  return visitText(text, weight, (term, w) => bag.set(term, (bag.get(term) ?? 0) + w));
}

/** The parts of an agent definition, from most to least telling about what the agent is for. */
export interface AgentFields {
  name: string;
  description: string;
  /** The prompt's first paragraph, which usually says who the agent is ("You are a ..."). */
  lead: string;
  /** The prompt's markdown headings: a table of contents of its expertise. */
  headings: string;
  /** The rest of the prompt. */
  body: string;
}

/** Splits a definition into fields; lines inside code fences never count as headings. */
export function agentFields(agent: AgentProfile): AgentFields {
  const headings: string[] = [];
  const prose: string[] = [];
  let inFence = false;
  for (const line of agent.prompt.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    if (!inFence && /^#{1,6}\s/.test(line)) headings.push(line.replace(/^#+\s*/, ''));
    else prose.push(line);
  }
  const text = prose.join('\n').trim();
  const end = text.search(/\n\s*\n/);
  const lead = end === -1 ? text : text.slice(0, end);
  // A prompt that opens with code has no introduction worth the lead's weight.
  const hasLead = !lead.trimStart().startsWith('```');
  return {
    name: agent.name.replace(/[-_.]/g, ' '),
    description: agent.description,
    lead: hasLead ? lead : '',
    headings: headings.join('\n'),
    body: hasLead ? text.slice(lead.length) : text,
  };
}
