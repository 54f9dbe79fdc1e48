/** What the stream parser extracts from `claude -p --output-format stream-json --verbose` output. */

/** From the `system/init` line. */
export interface ClaudeInit {
  sessionId?: string;
  model?: string;
  tools: string[];
  cwd?: string;
  /** `claude_code_version`. */
  version?: string;
  permissionMode?: string;
}

/** Token totals of a result (`result.usage`). */
export interface ClaudeUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadInputTokens: number;
  cacheCreationInputTokens: number;
}

/** One entry of `result.permission_denials`. */
export interface PermissionDenial {
  toolName: string;
  toolUseId?: string;
  /** The file path or command the tool was asked to act on, when the input names one. */
  target?: string;
}

/** The final `result` line. Always judge success by `isError`, never by `subtype` alone. */
export interface ClaudeResult {
  isError: boolean;
  subtype?: string;
  /** The agent's final text (`result.result`); on errors, the error text. */
  text?: string;
  costUsd?: number;
  usage?: ClaudeUsage;
  numTurns?: number;
  durationMs?: number;
  sessionId?: string;
  apiErrorStatus?: number;
  errors: string[];
  permissionDenials: PermissionDenial[];
  terminalReason?: string;
}

export interface ParsedStream {
  init?: ClaudeInit;
  /** The last `result` line (a stream with several turns has one per turn; the last carries the totals). */
  result?: ClaudeResult;
  /** First session id seen on any line. */
  sessionId?: string;
  /** Files written or edited by a tool call that succeeded, relative to the working directory when inside it. */
  filesChanged: string[];
  /** Shell commands the agent ran (Bash tool calls), in order. */
  commands: string[];
  /** The last text block the agent wrote. */
  lastText?: string;
  /** Highest `total_cost_usd` seen on any line so far. */
  maxCostUsd?: number;
  /** The model of the last assistant line. */
  model?: string;
  /** Non-empty lines read. */
  lines: number;
  /** Lines that were not a JSON object with a `type`: ignored. */
  garbageLines: number;
  /** JSON lines of a type this parser does not know: ignored. */
  unknownLines: number;
  /** Lines longer than the line limit: dropped unread. */
  droppedLines: number;
}
