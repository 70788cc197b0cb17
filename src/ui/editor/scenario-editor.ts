/**
 * The scenario text editor: CodeMirror 6 with JSON highlighting, completion
 * (completion-source.ts), diagnostics placed at their JSON path (problem-position.ts) and
 * a lint gutter, behind a small API that owns no app state: set the text, read it, listen
 * to changes, show problems. The pane (editor-pane.tsx) and later editing tools drive it.
 *
 * Content-Security-Policy: the app allows no inline style (`style-src 'self'`), and
 * CodeMirror writes its styles at run time. In a document it would add `<style>` elements,
 * which the policy refuses; in a shadow root it adopts a constructed stylesheet, which the
 * policy does not govern (CSSOM). So the view lives in a shadow root of its own, and all
 * of its look comes from the theme below (the page's CSS variables reach into it).
 */
import {
  autocompletion,
  closeBrackets,
  closeBracketsKeymap,
  completionKeymap,
  type CompletionContext,
  type CompletionResult,
} from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { json } from '@codemirror/lang-json';
import {
  bracketMatching,
  foldGutter,
  foldKeymap,
  HighlightStyle,
  indentOnInput,
  syntaxHighlighting,
} from '@codemirror/language';
import { lintGutter, lintKeymap, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { EditorState } from '@codemirror/state';
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  keymap,
  lineNumbers,
} from '@codemirror/view';
import { tags } from '@lezer/highlight';
import type { InputProblem } from '../../core/scenario/index.ts';
import { completeAt } from './completion-source.ts';
import { locateProblem, sourceTree } from './problem-position.ts';

/** A problem and where it is in the text. */
export interface PlacedProblem extends InputProblem {
  from: number;
  to: number;
  /** 1-based line of `from` */
  line: number;
}

export interface ScenarioEditor {
  getText(): string;
  /** Replace the whole text (another scenario opened, a structured edit); listeners are not called. */
  setText(text: string): void;
  /** Called after every change the user makes, with the new text. Returns the function that stops listening. */
  onChange(listener: (text: string) => void): () => void;
  /** Show these problems of the current text (by JSON path); returns them placed. */
  showProblems(problems: readonly InputProblem[]): PlacedProblem[];
  /** Move the cursor to an offset and focus the editor. */
  reveal(offset: number): void;
  focus(): void;
  destroy(): void;
}

const theme = EditorView.theme(
  {
    '&': { height: '100%', color: 'var(--text)', backgroundColor: 'var(--bg)', fontSize: '13px' },
    '&.cm-focused': { outline: '2px solid var(--accent)', outlineOffset: '-2px' },
    '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '1.5' },
    '.cm-content': { caretColor: 'var(--accent)' },
    '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--accent)' },
    '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': {
      backgroundColor: 'rgba(86, 180, 233, 0.28)',
    },
    '.cm-gutters': {
      backgroundColor: 'var(--panel)',
      color: 'var(--faint)',
      borderRight: '1px solid var(--line)',
    },
    '.cm-activeLine': { backgroundColor: 'rgba(255, 255, 255, 0.04)' },
    '.cm-activeLineGutter': { backgroundColor: 'rgba(255, 255, 255, 0.06)', color: 'var(--muted)' },
    '.cm-matchingBracket': { backgroundColor: 'rgba(86, 180, 233, 0.25)', outline: 'none' },
    '.cm-tooltip': {
      backgroundColor: 'var(--panel-2)',
      color: 'var(--text)',
      border: '1px solid var(--line-strong)',
      fontFamily: 'var(--ui)',
    },
    '.cm-tooltip-autocomplete > ul > li[aria-selected]': {
      backgroundColor: 'var(--accent)',
      color: '#0d1117',
    },
    '.cm-completionDetail': { color: 'var(--muted)', marginLeft: '1em', fontStyle: 'normal' },
    '.cm-diagnostic-error': { borderLeft: '4px solid var(--fail)' },
    '.cm-lintRange-error': {
      backgroundImage: 'none',
      textDecoration: 'wavy underline var(--fail)',
      textUnderlineOffset: '3px',
    },
    '.cm-foldPlaceholder': {
      backgroundColor: 'var(--panel-2)',
      border: '1px solid var(--line)',
      color: 'var(--muted)',
    },
  },
  { dark: true },
);

// Colours of the page's palette (colour-blind safe, as the maps), from the theme's
// variables (they reach into the editor's shadow root), so the light theme reads too.
const highlight = HighlightStyle.define([
  { tag: tags.propertyName, color: 'var(--code-key)' },
  { tag: tags.string, color: 'var(--code-string)' },
  { tag: [tags.number, tags.bool, tags.null], color: 'var(--code-number)' },
  { tag: [tags.brace, tags.squareBracket, tags.separator, tags.punctuation], color: 'var(--code-punct)' },
]);

function complete(ctx: CompletionContext): CompletionResult | null {
  const c = completeAt(ctx.state.doc.toString(), ctx.pos);
  if (!c) return null;
  // Offer while typing a word or a string, or on request (Ctrl+Space) anywhere.
  if (
    !ctx.explicit &&
    c.from === c.to &&
    !/["\w]$/.test(ctx.state.sliceDoc(Math.max(0, ctx.pos - 1), ctx.pos))
  )
    return null;
  return {
    from: c.from,
    to: c.to,
    options: c.items.map((it) => ({ label: it.label, type: it.kind, detail: it.detail, apply: c.apply(it) })),
    validFor: /^[\w.:-]*$/,
  };
}

/** Create the editor in `host` (its shadow root holds the view). */
export function createScenarioEditor(host: HTMLElement, text: string, label: string): ScenarioEditor {
  const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  const listeners = new Set<(text: string) => void>();
  let quiet = false;
  let destroyed = false;
  const view = new EditorView({
    root,
    parent: root,
    state: EditorState.create({
      doc: text,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        foldGutter(),
        lintGutter(),
        history(),
        drawSelection(),
        indentOnInput(),
        bracketMatching(),
        closeBrackets(),
        highlightActiveLine(),
        json(),
        syntaxHighlighting(highlight),
        autocompletion({ override: [complete], icons: false }),
        keymap.of([
          ...closeBracketsKeymap,
          ...defaultKeymap,
          ...historyKeymap,
          ...foldKeymap,
          ...completionKeymap,
          ...lintKeymap,
          indentWithTab,
        ]),
        EditorView.contentAttributes.of({ 'aria-label': label, 'aria-multiline': 'true' }),
        EditorView.updateListener.of((u) => {
          if (!u.docChanged || quiet) return;
          const t = u.state.doc.toString();
          for (const l of listeners) l(t);
        }),
        theme,
      ],
    }),
  });
  return {
    getText: () => view.state.doc.toString(),
    setText(t) {
      quiet = true;
      try {
        view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: t } });
      } finally {
        quiet = false;
      }
    },
    onChange(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    showProblems(problems) {
      const doc = view.state.doc;
      const tree = sourceTree(doc.toString());
      const placed = problems.map((p) => {
        // A text that is not JSON: the syntax tree knows where it breaks.
        const span =
          p.path === '' && p.message.startsWith('not JSON') && tree.errors[0]
            ? tree.errors[0].span
            : locateProblem(tree, p.path, p.message);
        const from = Math.min(span.from, doc.length);
        const to = Math.min(Math.max(span.to, from), doc.length);
        return { ...p, from, to, line: doc.lineAt(from).number };
      });
      const diagnostics: Diagnostic[] = placed.map((p) => ({
        from: p.from,
        to: p.to,
        severity: 'error',
        message: p.path ? `${p.path}: ${p.message}` : p.message,
      }));
      view.dispatch(setDiagnostics(view.state, diagnostics));
      // The problem list below the text takes height once drawn: keep the line being typed in view.
      window.requestAnimationFrame(() => {
        if (!destroyed && view.hasFocus)
          view.dispatch({
            effects: EditorView.scrollIntoView(view.state.selection.main.head, { y: 'nearest' }),
          });
      });
      return placed;
    },
    reveal(offset) {
      const pos = Math.min(offset, view.state.doc.length);
      view.dispatch({ selection: { anchor: pos }, scrollIntoView: true });
      view.focus();
    },
    focus: () => view.focus(),
    destroy() {
      destroyed = true;
      listeners.clear();
      view.destroy();
    },
  };
}
