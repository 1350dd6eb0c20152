import { css } from 'lit';
import { controls } from '../shared/controls.js';

export const styles = [
  controls,
  css`
    .plan {
      display: grid;
      gap: 0.5rem;
      container-type: inline-size;
    }
    .readiness {
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      padding: 0.5rem 1rem;
    }
    .readiness h3 {
      margin-top: 0.25rem;
    }
    .readiness dl {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 0.25rem 1rem;
      margin: 0 0 0.5rem;
    }
    .readiness dt {
      font-weight: 600;
    }
    .readiness dd {
      margin: 0;
      min-width: 0;
    }
    .readiness .icon {
      display: inline-block;
      width: 1.2rem;
    }
    @container (max-width: 30rem) {
      .readiness dl {
        grid-template-columns: 1fr;
      }
    }
    .steps {
      display: grid;
      gap: 0.75rem;
      padding-left: 1.5rem;
      margin: 0;
    }
    .step {
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      padding: 0.75rem 1rem;
      break-inside: avoid;
    }
    .step::marker {
      color: var(--_accent);
      font-weight: 700;
    }
    .step.done {
      background: var(--_subtle);
    }
    .step.done h3 {
      text-decoration: line-through;
    }
    .step-head h3 {
      margin: 0;
    }
    .meta {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem 0.75rem;
      color: var(--_muted);
      font-size: 0.9rem;
      margin: 0.25rem 0 0.5rem;
    }
    .badge {
      border: 1px solid currentColor;
      border-radius: 999px;
      padding: 0 0.5rem;
    }
    .badge.awareness {
      color: var(--_warning);
    }
    dl {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 0.25rem 0.75rem;
      margin: 0;
    }
    dt {
      font-weight: 600;
    }
    dd {
      margin: 0;
    }
    details {
      margin-top: 0.25rem;
    }
    summary {
      cursor: pointer;
      color: var(--_accent);
      min-height: 1.5rem;
    }
    details ul {
      margin: 0.25rem 0 0;
      padding-left: 1.25rem;
    }
    .step-actions {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: 0.5rem 1rem;
      margin-top: 0.5rem;
    }
    a {
      color: var(--_accent);
      min-height: 1.5rem;
      display: inline-flex;
      align-items: center;
    }
    .done-toggle {
      display: inline-flex;
      align-items: center;
      gap: 0.5rem;
      min-height: 2.75rem;
      cursor: pointer;
    }
    .done-toggle input {
      width: 1.5rem;
      height: 1.5rem;
      accent-color: var(--_accent);
    }
    @media (max-width: 30rem) {
      dl {
        grid-template-columns: 1fr;
      }
    }
  `,
];
