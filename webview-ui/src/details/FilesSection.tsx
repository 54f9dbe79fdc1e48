import type { DashboardTask } from '../../../src/shared/dashboardState';

interface FilesSectionProps {
  task: DashboardTask;
  onOpen: (path: string) => void;
}

function FileList({ files, onOpen, label }: { files: readonly string[]; onOpen: (path: string) => void; label: string }) {
  if (files.length === 0) return null;
  return (
    <>
      <h4>{label}</h4>
      <ul className="prp-files">
        {files.map((file) => (
          <li key={file}>
            <button type="button" className="prp-link" onClick={() => onOpen(file)} title={`Open ${file}`}>
              {file}
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}

/** The files the task names and the files it changed; each opens in the editor (the host opens it). */
export function FilesSection({ task, onOpen }: FilesSectionProps) {
  if (task.files.length === 0 && task.filesChanged.length === 0) return <p className="prp-muted">No files named or changed.</p>;
  return (
    <>
      <FileList label="Changed" files={task.filesChanged} onOpen={onOpen} />
      <FileList label="Named by the task" files={task.files} onOpen={onOpen} />
    </>
  );
}
