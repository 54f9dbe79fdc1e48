/** What the router needs to know about a task; a planned `Task` is one. */
export interface RoutableTask {
  id: string;
  title: string;
  body: string;
  files: string[];
  tags: string[];
  /** The PRP action word (CREATE, MODIFY, REVIEW, ...), when the task has one; it tells changes from reviews. */
  action?: string;
}
