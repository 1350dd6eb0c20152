import { css } from 'lit';

const dark = css`
  --_fg: var(--pathway-color-text, #e6edf3);
  --_muted: var(--pathway-color-muted, #a8b3bd);
  --_bg: var(--pathway-color-surface, #0d1117);
  --_subtle: var(--pathway-color-subtle, #161b22);
  --_border: var(--pathway-color-border, #768390);
  --_accent: var(--pathway-color-accent, #6cb6ff);
  --_on-accent: var(--pathway-color-on-accent, #0d1117);
  --_danger: var(--pathway-color-danger, #ff8182);
  --_warning: var(--pathway-color-warning, #e3b341);
  --_success: var(--pathway-color-success, #56d364);
  --_focus: var(--pathway-focus-ring, 3px solid #6cb6ff);
  color-scheme: dark;
`;

/**
 * Design tokens shared by every Pathway element, as CSS custom properties with fallbacks. Hosts theme
 * the elements by setting `--pathway-*` on the element or any ancestor; nothing leaks out.
 * `theme="dark"` (or the user's dark preference with `theme="auto"`, the default) switches palettes.
 */
export const tokens = css`
  :host {
    --_fg: var(--pathway-color-text, #1b1f24);
    --_muted: var(--pathway-color-muted, #57606a);
    --_bg: var(--pathway-color-surface, #ffffff);
    --_subtle: var(--pathway-color-subtle, #f3f5f7);
    --_border: var(--pathway-color-border, #8c959f);
    --_accent: var(--pathway-color-accent, #0b5cad);
    --_on-accent: var(--pathway-color-on-accent, #ffffff);
    --_danger: var(--pathway-color-danger, #b3261e);
    --_warning: var(--pathway-color-warning, #8a5300);
    --_success: var(--pathway-color-success, #1a7f37);
    --_focus: var(--pathway-focus-ring, 3px solid #0b5cad);
    --_radius: var(--pathway-radius, 8px);
    --_space: var(--pathway-space, 1rem);
    display: block;
    box-sizing: border-box;
    color: var(--_fg);
    background: var(--_bg);
    font-family: var(--pathway-font-family, inherit);
    line-height: 1.5;
    color-scheme: light;
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${dark}
    }
  }
  :host([theme='dark']) {
    ${dark}
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  :focus-visible {
    outline: var(--_focus);
    outline-offset: 2px;
  }
  @media (prefers-reduced-motion: reduce) {
    * {
      transition: none !important;
      animation: none !important;
    }
  }
`;
