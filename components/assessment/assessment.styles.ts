import { css } from 'lit';
import { controls } from '../shared/controls.js';

export const styles = [
  controls,
  css`
    :host {
      max-width: 48rem;
    }
    .base {
      padding: var(--_space);
    }
    .notices {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 0.5rem;
    }
    .notice {
      border-left: 4px solid var(--_warning);
      background: var(--_subtle);
      padding: 0.5rem 0.75rem;
      border-radius: calc(var(--_radius) / 2);
    }
    .notice.error {
      border-left-color: var(--_danger);
    }
    .setup label {
      display: grid;
      gap: 0.25rem;
      margin-bottom: 0.75rem;
      font-weight: 600;
    }
    .progress-row {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem 1rem;
    }
    progress {
      flex: 1 1 12rem;
      height: 0.6rem;
      accent-color: var(--_accent);
    }
    .item-heading {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: 0.25rem 0.75rem;
    }
    .competency {
      font-size: 0.95rem;
      font-weight: 500;
      color: var(--_muted);
    }
    .scenario {
      background: var(--_subtle);
      border-left: 4px solid var(--_accent);
      padding: 0.75rem 1rem;
      border-radius: calc(var(--_radius) / 2);
    }
    .scenario p:last-child {
      margin-bottom: 0;
    }
    fieldset {
      border: none;
      margin: 0 0 0.75rem;
      padding: 0;
      min-width: 0;
    }
    legend {
      font-size: 1.1rem;
      font-weight: 600;
      padding: 0;
      margin-bottom: 0.5rem;
    }
    .options {
      display: grid;
      gap: 0.5rem;
    }
    .option {
      display: flex;
      align-items: flex-start;
      gap: 0.75rem;
      min-height: 2.75rem;
      padding: 0.6rem 0.8rem;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      cursor: pointer;
    }
    .option:has(input:checked) {
      border-color: var(--_accent);
      box-shadow: inset 0 0 0 1px var(--_accent);
      background: var(--_subtle);
    }
    .option:has(input:focus-visible) {
      outline: var(--_focus);
      outline-offset: 2px;
    }
    .option input {
      width: 1.5rem;
      height: 1.5rem;
      margin: 0;
      flex: none;
      accent-color: var(--_accent);
    }
    .option input:focus-visible {
      outline: none;
    }
    .option.na {
      border-style: dashed;
    }
    .scale-key {
      font-size: 0.9rem;
      color: var(--_muted);
    }
    .rating-row {
      margin-bottom: 0.5rem;
    }
    .rating-row legend {
      font-size: 1rem;
      margin-bottom: 0.25rem;
    }
    .ratings {
      display: grid;
      grid-template-columns: repeat(5, minmax(2.75rem, 4rem));
      gap: 0.35rem;
    }
    .option.rating {
      justify-content: center;
      align-items: center;
      gap: 0.35rem;
      padding: 0.4rem;
      font-weight: 600;
    }
    .option.rating input {
      width: 1.1rem;
      height: 1.1rem;
    }
    .choice-table {
      border-collapse: collapse;
      width: 100%;
    }
    .choice-table th,
    .choice-table td {
      border-bottom: 1px solid var(--_border);
      padding: 0.4rem;
      text-align: left;
      vertical-align: middle;
    }
    .choice-table thead th {
      font-size: 0.8rem;
      line-height: 1.2;
      text-align: center;
      width: 3.75rem;
    }
    .choice-table td {
      padding: 0.25rem 0;
    }
    .choice-table thead th:first-child {
      width: auto;
    }
    .choice-table tbody th {
      font-weight: normal;
    }
    .choice-table td {
      text-align: center;
    }
    .cell-target {
      display: inline-grid;
      place-items: center;
      min-width: 2.75rem;
      min-height: 2.75rem;
      border-radius: var(--_radius);
      cursor: pointer;
    }
    .cell-target:has(input:focus-visible) {
      outline: var(--_focus);
      outline-offset: 2px;
    }
    .cell-target input {
      width: 1.4rem;
      height: 1.4rem;
      margin: 0;
      accent-color: var(--_accent);
    }
    .cell-target input:focus-visible {
      outline: none;
    }
    .most-least[aria-invalid='true'] .choice-table {
      outline: 2px solid var(--_danger);
    }
    fieldset[aria-invalid='true'] .option {
      border-color: var(--_danger);
    }
    .invalid {
      color: var(--_danger);
      font-weight: 600;
    }
    .evidence-field {
      display: grid;
      gap: 0.25rem;
      margin: 0.75rem 0;
      font-weight: 600;
    }
    .evidence-field textarea {
      width: 100%;
      font-weight: normal;
    }
    .insights {
      padding-left: 1.25rem;
    }
    .insights li {
      margin-bottom: 0.5rem;
    }
    .blind-spot strong {
      color: var(--_warning);
    }
    @media (min-width: 40rem) {
      .options.scale {
        grid-auto-flow: column;
      }
    }
  `,
];
