/** Small XML helpers the package builder's templates share. */

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
export const escapeXml = (text: string): string => text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);

/**
 * Fills `{{name}}` (escaped for XML/HTML) and `{{{name}}}` (inserted as is: fragments built here).
 * An unknown placeholder is a bug in a template, so it throws.
 */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{(\{?)(\w+)\}?\}\}/g, (_, raw: string, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`Template placeholder "${name}" has no value.`);
    return raw ? value : escapeXml(value);
  });
}

/** Non-ASCII characters of an IRI percent-encoded, as xs:anyURI and SCORM identifiers expect. */
export function uri(iri: string): string {
  return iri.replace(/[^\x21-\x7e]/gu, (c) => encodeURIComponent(c));
}
