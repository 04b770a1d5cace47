/**
 * A CodeMirror 6 editor for rubric text that compiles as you type (debounced)
 * and shows the compiler's diagnostics as underlines, gutter markers and hover
 * tooltips (message, hint, code).
 */
import { EditorState, type Extension } from '@codemirror/state';
import {
  EditorView,
  keymap,
  lineNumbers,
  highlightActiveLine,
  highlightActiveLineGutter,
  drawSelection,
  highlightSpecialChars,
  dropCursor,
} from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { bracketMatching, indentOnInput, foldGutter, foldKeymap } from '@codemirror/language';
import { autocompletion, completionKeymap, closeBrackets, closeBracketsKeymap } from '@codemirror/autocomplete';
import { lintGutter, setDiagnostics, lintKeymap, type Diagnostic as CmDiagnostic } from '@codemirror/lint';
import type { Text } from '@codemirror/state';
import { compile, type CompileResult, type Diagnostic } from '../../src/index.ts';
import { rubricLanguage, rubricCompletions, declaredNames } from './rubric-lang.ts';
import { h } from './dom.ts';
import { t, dmsg, dhint } from './i18n.ts';

/** Offset of a 1-based line and code-point column. */
function offsetOf(doc: Text, line: number, column: number): number {
  const l = doc.line(Math.min(Math.max(line, 1), doc.lines));
  let off = l.from;
  let col = 1;
  for (const ch of l.text) {
    if (col >= column) break;
    off += ch.length;
    col++;
  }
  return Math.min(off, l.to);
}

/** The compiler's diagnostics as CodeMirror diagnostics (ranges at least one character wide where possible). */
export function toCmDiagnostics(doc: Text, ds: readonly Diagnostic[]): CmDiagnostic[] {
  return ds.map((d) => {
    let from = offsetOf(doc, d.line, d.column);
    let to = d.endLine ? offsetOf(doc, d.endLine, d.endColumn) : from;
    if (to < from) to = from;
    if (to === from) {
      if (to < doc.lineAt(from).to) to = from + 1;
      else if (from > doc.lineAt(from).from) from -= 1;
    }
    return {
      from,
      to,
      severity: d.severity === 'info' ? 'info' : d.severity,
      source: d.code,
      message: dmsg(d) + (dhint(d) ? `\n${t('hint')}: ${dhint(d)}` : ''),
      renderMessage: () =>
        h('div', { class: 'diag-tip' }, h('div', { class: 'diag-msg' }, h('b', null, d.code), ' ', dmsg(d)), dhint(d) ? h('div', { class: 'diag-hint' }, `${t('hint')}: ${dhint(d)}`) : null),
    };
  });
}

export interface RubricEditorOptions {
  doc: string;
  /** File name used in diagnostics. */
  file: string;
  /** Called after every compile (debounced while typing). */
  onCompile?: (result: CompileResult, text: string) => void;
  /** Milliseconds of quiet before compiling. */
  delay?: number;
  extensions?: Extension[];
}

/** A rubric editor with live diagnostics and completion. */
export class RubricEditor {
  readonly view: EditorView;
  /** The last compile and the text it compiled. */
  last?: { text: string; result: CompileResult };
  file: string;
  /** The last rubric that compiled (for completion while the text has errors). */
  private lastGood?: CompileResult['rubric'];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    parent: HTMLElement,
    private readonly opts: RubricEditorOptions,
  ) {
    this.file = opts.file;
    // Names from the last text that compiled, plus `input NAME` / `let NAME` lines typed since.
    const names = () => declaredNames(this.view.state.doc.toString(), this.last?.result.rubric?.ir ?? this.lastGood?.ir);
    this.view = new EditorView({
      parent,
      state: EditorState.create({
        doc: opts.doc,
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          highlightSpecialChars(),
          history(),
          foldGutter(),
          drawSelection(),
          dropCursor(),
          indentOnInput(),
          bracketMatching(),
          closeBrackets(),
          autocompletion({ override: [rubricCompletions(names)], activateOnTyping: true }),
          highlightActiveLine(),
          lintGutter(),
          rubricLanguage(),
          EditorView.lineWrapping,
          keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...foldKeymap, ...completionKeymap, ...lintKeymap, indentWithTab]),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) this.schedule();
          }),
          ...(opts.extensions ?? []),
        ],
      }),
    });
    this.compileNow();
  }

  /** The current text. */
  get text(): string {
    return this.view.state.doc.toString();
  }

  /** Replace the whole text (e.g. another bundled rubric) and compile at once. */
  setText(text: string, file = this.file): void {
    this.file = file;
    this.lastGood = undefined;
    this.view.dispatch({ changes: { from: 0, to: this.view.state.doc.length, insert: text }, selection: { anchor: 0 }, scrollIntoView: true });
    this.compileNow();
  }

  /** Move the cursor to a line and column and show it. */
  goTo(line: number, column: number): void {
    const pos = offsetOf(this.view.state.doc, line, column);
    this.view.dispatch({ selection: { anchor: pos }, effects: EditorView.scrollIntoView(pos, { y: 'center' }) });
    this.view.focus();
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.compileNow(), this.opts.delay ?? 300);
  }

  /** Compile the current text now (also used after switching the UI language, for messages). */
  compileNow(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const text = this.text;
    let result: CompileResult;
    try {
      result = compile(text, { file: this.file });
    } catch (e) {
      // The compiler reports problems as diagnostics; a throw is a bug, shown rather than lost.
      result = { diagnostics: [{ code: 'X000' as Diagnostic['code'], args: [], severity: 'error', message: `internal error: ${(e as Error).message}`, line: 1, column: 1, endLine: 1, endColumn: 1 }] };
    }
    this.last = { text, result };
    if (result.rubric) this.lastGood = result.rubric;
    this.view.dispatch(setDiagnostics(this.view.state, toCmDiagnostics(this.view.state.doc, result.diagnostics)));
    this.opts.onCompile?.(result, text);
  }
}
