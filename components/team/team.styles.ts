import { css } from 'lit';
import { controls } from '../shared/controls.js';

export const styles = [
  controls,
  css`
    /* Grid children may shrink below their content (the heatmap scrolls inside instead of widening the page). */
    .base > *,
    [role='tabpanel'] > * {
      min-width: 0;
    }
    [role='tabpanel'] {
      display: grid;
      gap: 0.5rem;
      overflow-wrap: break-word;
    }
    .head {
      display: grid;
      gap: 0.25rem;
    }
    .tabs {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem;
      border-bottom: 1px solid var(--_border);
    }
    .tabs button {
      border-radius: var(--_radius) var(--_radius) 0 0;
      border-bottom: none;
      padding: 0.4rem 0.8rem;
    }
    .tabs button[aria-selected='true'] {
      background: var(--_accent);
      border-color: var(--_accent);
      color: var(--_on-accent);
      font-weight: 600;
    }
    .filters {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 1rem;
      align-items: end;
    }
    label {
      display: grid;
      /* A long option (a competency's title) must not widen the page at 320 px: the select shrinks. */
      grid-template-columns: minmax(0, 1fr);
      max-width: 100%;
      min-width: 0;
      gap: 0.15rem;
      font-size: 0.9rem;
    }
    label.check {
      display: flex;
      gap: 0.4rem;
      align-items: center;
      min-height: 1.75rem;
    }
    select,
    input[type='number'] {
      min-height: 2.75rem;
      padding: 0.25rem 0.5rem;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_bg);
      max-width: 100%;
    }
    input[type='checkbox'] {
      width: 1.5rem;
      height: 1.5rem;
    }
    .legend {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem 1rem;
      list-style: none;
      padding: 0;
      margin: 0;
      font-size: 0.85rem;
    }
    .legend li {
      display: flex;
      align-items: center;
      gap: 0.35rem;
    }
    .swatch {
      display: inline-grid;
      place-items: center;
      width: 1.5rem;
      height: 1.25rem;
      border: 1px solid var(--_border);
      font-size: 0.8rem;
    }
    .scroller {
      /* The containing block of the cells' screen-reader text, so that it scrolls with them. */
      position: relative;
      overflow: auto;
      max-height: 70vh;
      max-width: 100%;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
    }
    .scroller.short {
      max-height: none;
      border: none;
    }
    .scroller:focus-visible {
      outline: var(--_focus);
    }
    table {
      border-collapse: separate;
      border-spacing: 0;
      font-size: 0.85rem;
    }
    .heatmap thead th {
      position: sticky;
      top: 0;
      z-index: 2;
      background: var(--_bg);
      vertical-align: bottom;
      border-bottom: 1px solid var(--_border);
    }
    .heatmap .col {
      display: block;
      max-width: 7rem;
      white-space: normal;
      /* Whole words: the column widens for a long one ("Stakeholder") instead of splitting it. */
      overflow-wrap: normal;
      font-weight: 600;
    }
    .heatmap tbody tr {
      height: 40px;
    }
    .heatmap .who {
      position: sticky;
      left: 0;
      z-index: 1;
      background: var(--_bg);
      text-align: left;
      min-width: 9rem;
      max-width: 12rem;
      padding: 0 0.5rem;
      border-right: 1px solid var(--_border);
      font-weight: normal;
    }
    .heatmap thead .who {
      z-index: 3;
    }
    .heatmap tbody .who {
      display: flex;
      flex-direction: column;
      justify-content: center;
      height: 40px;
      overflow: hidden;
      white-space: nowrap;
      text-overflow: ellipsis;
    }
    .heatmap tbody .who > * {
      overflow: hidden;
      text-overflow: ellipsis;
    }
    .heatmap td {
      min-width: 4.25rem;
      height: 40px;
      padding: 0 0.35rem;
      text-align: center;
      white-space: nowrap;
      border-bottom: 1px solid var(--_subtle);
    }
    .heatmap tfoot td,
    .heatmap tfoot th {
      position: sticky;
      bottom: 0;
      background: var(--_subtle);
      border-top: 1px solid var(--_border);
    }
    small {
      font-size: 0.75em;
      color: var(--_muted);
      margin-left: 0.15em;
    }
    .small {
      font-size: 0.8rem;
    }
    /* Status: a colour, a pattern and a symbol, so that no one needs the colour to read it. */
    .meets {
      background: color-mix(in srgb, var(--_success) 22%, var(--_bg));
    }
    .probably {
      background: repeating-linear-gradient(45deg, color-mix(in srgb, var(--_success) 18%, var(--_bg)) 0 6px, var(--_bg) 6px 10px);
    }
    .probably-not {
      background: radial-gradient(color-mix(in srgb, var(--_warning) 45%, var(--_bg)) 1.5px, transparent 1.8px) 0 0 / 7px 7px, color-mix(in srgb, var(--_warning) 10%, var(--_bg));
    }
    .gap {
      background: repeating-linear-gradient(45deg, color-mix(in srgb, var(--_danger) 25%, var(--_bg)) 0 2px, transparent 2px 7px), repeating-linear-gradient(-45deg, color-mix(in srgb, var(--_danger) 25%, var(--_bg)) 0 2px, color-mix(in srgb, var(--_danger) 8%, var(--_bg)) 2px 7px);
    }
    .none,
    .empty {
      background: var(--_bg);
      color: var(--_muted);
    }
    .cell span[aria-hidden] {
      background: var(--_bg);
      padding: 0 0.2rem;
      border-radius: 3px;
    }
    .hidden-figure {
      color: var(--_muted);
      font-style: italic;
    }
    /* A quarter ("2026-Q3") reads as one word. */
    .culture th[scope='row'] {
      white-space: nowrap;
    }
    tr.open .who {
      outline: 2px solid var(--_accent);
      outline-offset: -2px;
    }
    button.link {
      min-height: 1.5rem;
      min-width: 0;
      padding: 0;
      border: none;
      background: none;
      color: var(--_accent);
      text-decoration: underline;
      text-align: left;
      overflow: hidden;
      text-overflow: ellipsis;
    }
    .due {
      color: var(--_danger);
    }
    .person,
    .patterns section,
    .pairs li,
    .builder {
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      padding: 0.75rem;
    }
    .patterns {
      display: grid;
      gap: 0.75rem;
    }
    /* A wide table scrolls inside its section rather than widening a narrow page. */
    .patterns section {
      min-width: 0;
      overflow-x: auto;
    }
    .plain th,
    .plain td {
      text-align: left;
      padding: 0.3rem 0.5rem;
      border-bottom: 1px solid var(--_subtle);
      vertical-align: top;
    }
    .plain caption {
      text-align: left;
      font-weight: 600;
      padding: 0.25rem 0;
    }
    tr.risk-none .risk,
    tr.risk-single-holder .risk {
      color: var(--_danger);
      font-weight: 600;
    }
    .pairs,
    .needs {
      list-style: none;
      padding: 0;
      margin: 0;
      display: grid;
      gap: 0.5rem;
    }
    .pairs {
      grid-template-columns: repeat(auto-fill, minmax(min(100%, 22rem), 1fr));
    }
    .pairs p {
      margin: 0 0 0.25rem;
    }
    .needs li {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      align-items: end;
    }
    .needs select {
      max-width: 14rem;
    }
    .needs input {
      width: 4.5rem;
    }
    .choose {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem 1rem;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
    }
    ol,
    ul {
      margin: 0.25rem 0;
      padding-left: 1.25rem;
    }
    @media (max-width: 480px) {
      .heatmap .who {
        min-width: 7rem;
        max-width: 8rem;
      }
    }
  `,
];
