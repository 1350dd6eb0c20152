// Reading what an element really renders: text and elements inside every shadow root, however deeply
// nested (querySelector and textContent stop at the first shadow boundary).

/** Every node's text under `root`, descending into open shadow roots; skips <style> and <script> bodies. */
export function deepText(root: Node): string {
  const parts: string[] = [];
  const walk = (node: Node): void => {
    // nodeType, not instanceof: the node may come from a frame, with its own Element class.
    if (node.nodeType === Node.TEXT_NODE) parts.push(node.textContent ?? '');
    if (node.nodeType === Node.ELEMENT_NODE) {
      const el = node as Element;
      if (el.localName === 'style' || el.localName === 'script') return;
      if (el.shadowRoot) walk(el.shadowRoot);
    }
    for (const child of node.childNodes) walk(child);
  };
  walk(root);
  return parts.join(' ').replace(/\s+/g, ' ');
}

/** Elements matching `selector` under `root` and inside every open shadow root below it. */
export function deepQueryAll(root: ParentNode, selector: string): Element[] {
  const found: Element[] = [...root.querySelectorAll(selector)];
  for (const el of root.querySelectorAll('*')) if (el.shadowRoot) found.push(...deepQueryAll(el.shadowRoot, selector));
  return found;
}

/** A model text in English, or its first language. */
export function plainText(text: string | Record<string, string> | undefined): string {
  return typeof text === 'string' ? text : text ? (text.en ?? Object.values(text)[0] ?? '') : '';
}
