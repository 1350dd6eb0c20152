/**
 * What every Pathway element shares: theme, language resolution, localised chrome, and rendering an
 * error instead of a blank element.
 */
import { LitElement, html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { msg, updateWhenLocaleChanges } from '@lit/localize';
import type { Problem } from '../../src/model/problems.js';
import { emit } from './events.js';

/** Problems' words in the reader's language (./problem-text.ts): loaded only when there are problems to show. */
let problemText: typeof import('./problem-text.js').problemText | undefined;

/** Loads the problems' words; elements await it before they show a model's problems. */
export async function loadProblemText(): Promise<void> {
  problemText ??= (await import('./problem-text.js')).problemText;
}
import { useUiLocale } from './localize.js';

export abstract class PathwayElement extends LitElement {
  /** `auto` (default; follows the user's colour scheme), `light` or `dark`. */
  @property({ reflect: true }) theme: 'auto' | 'light' | 'dark' = 'auto';

  /** Language of the UI and of the model's texts (BCP 47). Default: the nearest `lang` on the page. */
  @property() override lang = '';

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  /** The language in effect: this element's `lang`, an ancestor's, the page's, or the browser's. */
  protected get effectiveLang(): string {
    if (this.lang) return this.lang;
    const ancestor = this.parentElement?.closest('[lang]')?.getAttribute('lang');
    return ancestor || document.documentElement.lang || navigator.language || 'en';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void useUiLocale(this.effectiveLang);
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('lang')) void useUiLocale(this.effectiveLang);
  }

  /** Fires `pathway-error` and returns what to render in its place. */
  protected reportError(source: string, message: string, problems?: readonly Problem[]): void {
    emit(this, 'pathway-error', problems ? { source, message, problems } : { source, message });
  }

  protected renderProblems(title: string, problems: readonly Problem[]) {
    // Should the words not have loaded yet, the problems show as the validator wrote them (English): never blank.
    if (!problemText) void loadProblemText().then(() => this.requestUpdate());
    return html`<div part="error" class="error-view" role="alert">
      <h2>${title}</h2>
      <ul>
        ${problems.map(
          (p) =>
            html`<li class=${p.severity}>
              ${p.severity === 'error' ? msg('Error', { id: 'problem.error' }) : msg('Warning', { id: 'problem.warning' })}${p.path
                ? html` ${msg('at', { id: 'problem.at' })} <code>${p.path}</code>`
                : nothing}: ${problemText?.(p) ?? p.message}
            </li>`,
        )}
      </ul>
    </div>`;
  }
}
