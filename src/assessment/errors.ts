/**
 * Typed errors of the assessment engine. Each carries a stable `code` for programs and a sentence
 * for people; bad input never turns into a wrong score.
 */

export type ResponseErrorCode =
  | 'unknown-item'
  | 'not-in-form'
  | 'not-next'
  | 'ended'
  | 'missing-answer'
  | 'out-of-range'
  | 'not-offered'
  | 'other-rater';

export type StateErrorCode = 'not-a-state' | 'newer-version' | 'corrupted' | 'other-model' | 'invalid-response';

export type OptionsErrorCode = 'unknown-role' | 'invalid-option' | 'model';

/** Base class: every error the engine throws on purpose. */
export class AssessmentError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A response that cannot be recorded: unknown item, option out of range, not the item asked… */
export class ResponseError extends AssessmentError {
  declare readonly code: ResponseErrorCode;
  readonly item: string | undefined;
  constructor(code: ResponseErrorCode, message: string, item?: string) {
    super(code, message);
    this.item = item;
  }
}

/** A saved state that cannot be resumed: not a state, corrupted, newer format, or another model's. */
export class StateError extends AssessmentError {
  declare readonly code: StateErrorCode;
  constructor(code: StateErrorCode, message: string) {
    super(code, message);
  }
}

/** Options that do not fit the model (an unknown role, an invalid seed…) or a model the engine cannot score. */
export class OptionsError extends AssessmentError {
  declare readonly code: OptionsErrorCode;
  constructor(code: OptionsErrorCode, message: string) {
    super(code, message);
  }
}
