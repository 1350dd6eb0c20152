import { css } from 'lit';
import { controls } from '../shared/controls.js';

export const styles = [
  controls,
  css`
    .profile {
      display: grid;
      gap: 0.5rem;
      container-type: inline-size;
    }
    .head {
      display: flex;
      flex-wrap: wrap;
      justify-content: space-between;
      align-items: baseline;
      gap: 0.5rem;
    }
    .consent {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: 0.25rem 0.75rem;
      font-size: 0.9rem;
      color: var(--_muted);
    }
    .consent p {
      margin: 0;
      flex: 1 1 16rem;
    }
    .legend {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem 1.25rem;
      list-style: none;
      padding: 0;
      margin: 0;
      font-size: 0.9rem;
      color: var(--_muted);
    }
    .legend li {
      display: flex;
      align-items: center;
      gap: 0.4rem;
    }
    .key {
      display: inline-block;
      width: 1rem;
      height: 0.75rem;
    }
    .key.dot {
      width: 0.75rem;
      border-radius: 50%;
      background: var(--_accent);
    }
    .key.band {
      border-radius: 0.4rem;
      background: color-mix(in srgb, var(--_accent) 30%, transparent);
    }
    .key.current {
      width: 3px;
      height: 1rem;
      background: var(--_fg);
    }
    .key.target {
      width: 0;
      height: 1rem;
      border-left: 3px dashed var(--_fg);
    }
    .key.icon,
    .decision .icon {
      display: inline-grid;
      place-items: center;
      width: 1.1rem;
      height: 1.1rem;
      font-weight: 700;
      line-height: 1;
    }
    .chart {
      display: grid;
      gap: 0.25rem;
    }
    /* A wide table scrolls inside its own box, never the page; hidden, it is one clipped pixel. */
    .table-wrap {
      max-width: 100%;
      overflow-x: auto;
    }
    .row {
      display: grid;
      grid-template-columns: minmax(8rem, 14rem) 1fr;
      align-items: center;
      gap: 0.75rem;
    }
    .label {
      display: grid;
      align-content: center;
    }
    .label .title {
      font-weight: 600;
    }
    .decision {
      font-size: 0.85rem;
      color: var(--_muted);
    }
    .decision .icon {
      margin-right: 0.25rem;
    }
    .decision.meets .icon {
      color: var(--_success);
    }
    .decision.below .icon {
      color: var(--_danger);
    }
    .axis .levels {
      position: relative;
      list-style: none;
      margin: 0;
      padding: 0;
      height: 2.6rem;
    }
    .axis .levels li {
      position: absolute;
      top: 0;
      transform: translateX(-50%);
      display: grid;
      justify-items: center;
      font-size: 0.8rem;
      line-height: 1.2;
      color: var(--_muted);
      white-space: nowrap;
    }
    .axis .number {
      font-weight: 700;
      color: var(--_fg);
    }
    .level-key {
      display: none;
      font-size: 0.85rem;
      color: var(--_muted);
      margin: 0;
    }
    .zone {
      fill: color-mix(in srgb, var(--_success) 12%, transparent);
    }
    svg {
      width: 100%;
      height: auto;
      overflow: visible;
    }
    .track {
      stroke: var(--_border);
      stroke-width: 2;
    }
    .tick {
      stroke: var(--_border);
      stroke-width: 2;
    }
    .band {
      fill: color-mix(in srgb, var(--_accent) 30%, transparent);
    }
    .current {
      stroke: var(--_fg);
      stroke-width: 3;
    }
    .target {
      stroke: var(--_fg);
      stroke-width: 3;
      stroke-dasharray: 5 4;
    }
    .level {
      fill: var(--_accent);
      stroke: var(--_bg);
      stroke-width: 2;
    }
    table.table {
      border-collapse: collapse;
      width: 100%;
    }
    th,
    td {
      text-align: left;
      padding: 0.4rem 0.5rem;
      border-bottom: 1px solid var(--_border);
      vertical-align: top;
    }
    caption {
      text-align: left;
      font-weight: 600;
      padding-bottom: 0.25rem;
    }
    @container (max-width: 40rem) {
      .row {
        grid-template-columns: 1fr;
        gap: 0;
      }
      .axis .label {
        display: none;
      }
      .axis .name {
        display: none;
      }
      .axis .levels {
        height: 1.3rem;
      }
      .level-key {
        display: block;
      }
    }
    @media print {
      .chart {
        break-inside: avoid;
      }
      .sr-only:has(table) {
        position: static;
        width: 100%;
        height: auto;
        margin: 1rem 0 0;
        clip: auto;
        overflow: visible;
        white-space: normal;
      }
    }
  `,
];
