import type { DocBlocks } from './blocks';
import type { DiagnosticSink } from './diagnostics';
import type { SectionNode } from './sections';
import type { Source } from './source';

/** Everything the section readers share: the text, its block structure, its outline and the diagnostics. */
export interface DocContext {
  source: Source;
  blocks: DocBlocks;
  sections: SectionNode[];
  sink: DiagnosticSink;
}
