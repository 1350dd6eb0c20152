import { css } from 'lit';

/** Buttons, form controls, headings and helpers shared by the elements' shadow roots. */
export const controls = css`
  /* An author's display rule must never override hidden (a "hidden" chart that still shows). */
  [hidden] {
    display: none !important;
  }
  .base {
    display: grid;
    gap: calc(var(--_space) * 0.75);
  }
  h2 {
    font-size: 1.35rem;
    line-height: 1.3;
    margin: 0;
    scroll-margin-top: 4rem;
  }
  h3 {
    font-size: 1.1rem;
    margin: 0.75rem 0 0.25rem;
  }
  p {
    margin: 0 0 0.5rem;
  }
  .muted {
    color: var(--_muted);
  }
  .lead {
    font-size: 1.05rem;
  }
  button,
  select,
  input,
  textarea {
    font: inherit;
    color: inherit;
  }
  button {
    min-height: 2.75rem;
    min-width: 2.75rem;
    padding: 0.5rem 1.1rem;
    border-radius: var(--_radius);
    border: 1px solid var(--_border);
    background: var(--_bg);
    cursor: pointer;
  }
  button.primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_on-accent);
    font-weight: 600;
  }
  button:disabled {
    opacity: 0.55;
    cursor: not-allowed;
  }
  button.link {
    min-height: 2rem;
    padding: 0.25rem 0.5rem;
    border: none;
    background: none;
    color: var(--_accent);
    text-decoration: underline;
  }
  select,
  textarea,
  input[type='text'],
  input[type='url'] {
    min-height: 2.75rem;
    padding: 0.4rem 0.6rem;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
    background: var(--_bg);
    max-width: 100%;
  }
  .nav {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem;
    justify-content: flex-end;
    margin-top: 0.5rem;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0, 0, 0, 0);
    white-space: nowrap;
    border: 0;
  }
  .error-view {
    border: 2px solid var(--_danger);
    border-radius: var(--_radius);
    padding: var(--_space);
  }
  .error-view h2 {
    color: var(--_danger);
    font-size: 1.15rem;
    margin-bottom: 0.5rem;
  }
  .error-view ul {
    margin: 0;
    padding-left: 1.25rem;
  }
  .error-view li {
    overflow-wrap: anywhere;
  }
  code {
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    font-size: 0.9em;
    background: var(--_subtle);
    padding: 0 0.25em;
    border-radius: 4px;
  }
  @media print {
    button,
    .nav {
      display: none !important;
    }
  }
`;
