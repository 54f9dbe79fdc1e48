/** A minimal listener list; a listener may unsubscribe while it is being called. */
export class Emitter<T> {
  private listeners: ReadonlyArray<(value: T) => void> = [];

  on(listener: (value: T) => void): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  emit(value: T): void {
    for (const listener of this.listeners) listener(value);
  }

  clear(): void {
    this.listeners = [];
  }
}
