/**
 * The last line: a rendering failure shows one sentence and two ways out, never a stack
 * trace (DESIGN.md convention 11). React error boundaries must be classes.
 */
import { Component, type ReactNode } from 'react';
import { errorText } from '../worker/engine.ts';

interface State {
  message: string | null;
}

export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { message: null };

  static getDerivedStateFromError(e: unknown): State {
    return { message: errorText(e) };
  }

  override render() {
    if (this.state.message === null) return this.props.children;
    return (
      <div className="crash" role="alert">
        <h1>This view could not be drawn.</h1>
        <p>
          The page hit a problem: <code>{this.state.message}</code>. Your scenario is in the address bar; reloading usually brings it back.
        </p>
        <div className="crash-actions">
          <button type="button" className="btn primary" onClick={() => window.location.reload()}>
            Reload
          </button>
          <button
            type="button"
            className="btn"
            onClick={() => {
              window.location.hash = '';
              window.location.reload();
            }}
          >
            Start over with S1
          </button>
        </div>
      </div>
    );
  }
}
