/**
 * The few native-looking controls the dashboard uses, from VS Code Elements. Each element is imported from
 * its own module so the bundle carries only these, and wrapped so views deal in plain values, not events.
 *
 * They are used as custom elements through React 19's own support (properties set as properties), with
 * listeners added by ref. The `@lit/react` wrappers of `@vscode-elements/react-elements` resolve to their
 * server-rendering build under Node, which sets no property and adds no listener, so the component tests in
 * jsdom could not drive them; plain elements behave the same everywhere.
 */
import { useEffect, useRef } from 'react';
import type { DetailedHTMLProps, HTMLAttributes, ReactNode } from 'react';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';

type ElementProps<Extra> = DetailedHTMLProps<HTMLAttributes<HTMLElement>, HTMLElement> & Extra & { 'data-testid'?: string };

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'vscode-button': ElementProps<{ disabled?: boolean; secondary?: boolean }>;
      'vscode-textfield': ElementProps<{ value?: string; placeholder?: string }>;
      'vscode-single-select': ElementProps<{ value?: string }>;
      'vscode-option': ElementProps<{ value?: string; selected?: boolean }>;
    }
  }
}

/** Calls `listener` for `type` events of the element behind `ref`, always the latest listener. */
function useElementEvent<T extends HTMLElement>(type: string, listener: (element: T) => void) {
  const ref = useRef<T>(null);
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const handle = () => latest.current(element);
    element.addEventListener(type, handle);
    return () => element.removeEventListener(type, handle);
  }, [type]);
  return ref;
}

export interface ButtonProps {
  onClick: () => void;
  children: ReactNode;
  disabled?: boolean;
  /** Less prominent styling, for actions next to a primary one. Default false. */
  secondary?: boolean;
  title?: string;
  testId?: string;
}

export function Button({ onClick, children, disabled = false, secondary = false, title, testId }: ButtonProps) {
  const ref = useElementEvent<HTMLElement>('click', () => {
    if (!disabled) onClick();
  });
  return (
    <vscode-button ref={ref} disabled={disabled} secondary={secondary} title={title} data-testid={testId}>
      {children}
    </vscode-button>
  );
}

export interface TextFieldProps {
  value: string;
  onValue: (value: string) => void;
  /** Called on Enter. */
  onSubmit?: () => void;
  placeholder?: string;
  label: string;
  testId?: string;
}

export function TextField({ value, onValue, onSubmit, placeholder, label, testId }: TextFieldProps) {
  const ref = useElementEvent<HTMLInputElement>('input', (element) => onValue(element.value));
  return (
    <vscode-textfield
      ref={ref}
      value={value}
      placeholder={placeholder}
      aria-label={label}
      data-testid={testId}
      onKeyDown={(event) => {
        if (event.key === 'Enter') onSubmit?.();
      }}
    />
  );
}

export interface SelectProps {
  value: string;
  onValue: (value: string) => void;
  options: ReadonlyArray<{ value: string; label: string }>;
  label: string;
  testId?: string;
}

export function Select({ value, onValue, options, label, testId }: SelectProps) {
  const ref = useElementEvent<HTMLSelectElement>('change', (element) => onValue(element.value));
  return (
    <vscode-single-select ref={ref} value={value} aria-label={label} data-testid={testId}>
      {options.map((option) => (
        <vscode-option key={option.value} value={option.value} selected={option.value === value}>
          {option.label}
        </vscode-option>
      ))}
    </vscode-single-select>
  );
}
