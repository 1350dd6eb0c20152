/**
 * Registers a custom element only when its tag is free. An LMS page may load Pathway twice (two
 * course widgets, a CDN copy and a bundled copy); a second `customElements.define` would throw and
 * break the page, so the first registration wins and later copies are told so once.
 */
export function defineElement(tag: string, constructor: CustomElementConstructor): void {
  if (typeof customElements === 'undefined') return; // server-side rendering or Node
  const existing = customElements.get(tag);
  if (existing === undefined) {
    customElements.define(tag, constructor);
  } else if (existing !== constructor) {
    console.warn(`<${tag}> is already registered by another copy of Pathway; this copy uses the existing definition.`);
  }
}
