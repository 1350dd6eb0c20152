/** Seeded pseudo-random numbers (mulberry32): small, fast, and failures reproduce. */
export { seededRandom as random } from './seeded-random.mjs';
