// Custom Elements Manifest (dist/custom-elements.json) from the elements' JSDoc. `packagejson: false`:
// package.json already points at dist/custom-elements.json, and the analyzer must never rewrite it.
export default {
  globs: ['components/**/*.component.ts', 'components/shared/base.ts', 'components/shared/model-element.ts'],
  exclude: ['**/*.test.ts'],
  outdir: 'dist',
  litelement: true,
  packagejson: false,
};
