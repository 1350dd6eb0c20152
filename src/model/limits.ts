/** Models are authored by people; anything larger is almost certainly the wrong file. */
export const MAX_MODEL_BYTES = 10 * 1024 * 1024;
