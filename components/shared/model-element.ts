/**
 * An element that shows a model: `src` (a URL) or `model` (an object), validated the same way (or
 * accepted on a valid stamp, see ./model-source.ts). One place for loading (a newer `src` or `model`
 * wins over a fetch or validation still under way), validation and the `pathway-error` an invalid or
 * unreachable model fires; subclasses react in `modelChanged`.
 */
import { type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { ValidationResult } from '../../src/model/load.js';
import type { Problem } from '../../src/model/problems.js';
import type { Model } from '../../src/model/types.js';
import { loadProblemText, PathwayElement } from './base.js';
import { acceptModel, fetchModel } from './model-source.js';

export abstract class ModelElement extends PathwayElement {
  /** URL of the model file (JSON). */
  @property() src = '';

  /** The model as an object, instead of `src` (validated the same way). */
  @property({ attribute: false }) model: unknown;

  /** The outcome of the last load: the model and its warnings, or every problem. */
  @state() protected modelResult: ValidationResult | undefined;

  /** True while `src` is being fetched. */
  @state() protected modelLoading = false;

  private abort: AbortController | undefined;
  /** A model object being validated (the validator chunk loads first). */
  private validating: Promise<void> | undefined;

  /** The validated model, once it is valid. */
  protected get validModel(): Model | undefined {
    return this.modelResult?.ok ? this.modelResult.model : undefined;
  }

  /** Every problem of the model, errors first (warnings of a valid model included). */
  protected get modelProblems(): readonly Problem[] {
    return this.modelResult?.problems ?? [];
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('model') && this.model !== undefined) {
      this.abort?.abort();
      const result = acceptModel(this.model);
      if ('then' in result) this.validating = this.settle(result);
      else this.receive(result);
    } else if (changed.has('src') && this.src && this.model === undefined) void this.fetch(this.src);
  }

  /** A model without a valid stamp: validated once the validator chunk is loaded, unless overtaken. */
  private async settle(pending: Promise<ValidationResult>): Promise<void> {
    const abort = (this.abort = new AbortController());
    this.modelLoading = true;
    try {
      const result = await pending;
      if (result.problems.length > 0) await loadProblemText().catch(() => undefined);
      if (!abort.signal.aborted) this.receive(result);
    } finally {
      if (this.abort === abort) this.modelLoading = false;
    }
  }

  /** `updateComplete` also waits for a model object being validated, so `el.model = m; await el.updateComplete` shows it. */
  protected override async getUpdateComplete(): Promise<boolean> {
    let complete = await super.getUpdateComplete();
    while (this.validating) {
      const validating = this.validating;
      await validating;
      if (this.validating === validating) this.validating = undefined;
      complete = await super.getUpdateComplete();
    }
    return complete;
  }

  private async fetch(src: string): Promise<void> {
    this.abort?.abort();
    const abort = (this.abort = new AbortController());
    this.modelLoading = true;
    try {
      const result = await fetchModel(src, abort.signal);
      if (result.problems.length > 0) await loadProblemText().catch(() => undefined);
      if (!abort.signal.aborted) this.receive(result);
    } catch (error) {
      if (!abort.signal.aborted) throw error;
    } finally {
      if (this.abort === abort) this.modelLoading = false;
    }
  }

  private receive(result: ValidationResult): void {
    this.modelResult = result;
    if (!result.ok) {
      const first = result.problems[0];
      this.reportError('model', first ? `${first.path ? `${first.path}: ` : ''}${first.message}` : 'The model is invalid.', result.problems);
    }
    this.modelChanged(result);
  }

  /** Called after every load, valid or not (the error is already reported). */
  protected modelChanged(_result: ValidationResult): void {}

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.abort?.abort();
  }
}
