// Resolve hook (see node-test-as-mocha.mjs): node:test → the mocha adapter.
const adapter = new URL('./node-test-on-mocha.cjs', import.meta.url).href;

export async function resolve(specifier, context, next) {
  if (specifier === 'node:test' || specifier === 'test') return { url: adapter, shortCircuit: true };
  return next(specifier, context);
}
