import { css } from 'lit';

export const styles = css`
  :host {
    padding: var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  h2 {
    font-size: 1.25rem;
    margin: 0 0 0.5rem;
  }
  p {
    margin: 0 0 0.75rem;
  }
  dl {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.25rem 1rem;
    margin: 0 0 0.75rem;
  }
  dt {
    font-weight: 600;
  }
  dd {
    margin: 0;
    min-width: 0;
    overflow-wrap: anywhere;
  }
  @media (max-width: 30rem) {
    dl {
      grid-template-columns: 1fr;
    }
    dd {
      margin-bottom: 0.25rem;
    }
  }
  ul {
    margin: 0;
    padding-left: 1.25rem;
  }
  li {
    margin-bottom: 0.25rem;
    overflow-wrap: anywhere;
  }
  .error {
    color: var(--_danger);
  }
  .warning {
    color: var(--_warning);
  }
`;
