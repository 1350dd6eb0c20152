/** Small XML helpers the package builder's templates share. */

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Characters XML 1.0 does not allow anywhere (even escaped): C0 controls but tab and line breaks, non-characters, lone surrogates. */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text without the characters XML cannot hold (validation refuses them in models; this is the builder's own guard). */
export const xmlChars = (text: string): string => text.replace(NOT_XML, '');

export const escapeXml = (text: string): string => xmlChars(text).replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);

/** Text for inside an XML comment, which must not contain `--` or end with `-`. */
export const commentText = (text: string): string => xmlChars(text).replace(/-(?=-)/g, '- ').replace(/-$/, '- ');

/** At most `max` characters (code points, as XSD maxLength counts them), ending in "…" when cut. */
export function fit(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * Fills `{{name}}` (escaped for XML/HTML), `{{!name}}` (inside an XML comment) and `{{{name}}}`
 * (inserted as is: fragments built here). An unknown placeholder is a bug in a template, so it throws.
 */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{(\{|!)?(\w+)\}?\}\}/g, (_, kind: string | undefined, name: string) => {
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    if (value === undefined) throw new Error(`Template placeholder "${name}" has no value.`);
    return kind === '{' ? value : kind === '!' ? commentText(value) : escapeXml(value);
  });
}

/** Non-ASCII characters of an IRI percent-encoded, as xs:anyURI and SCORM identifiers expect. */
export function uri(iri: string): string {
  return iri.replace(/[^\x21-\x7e]/gu, (c) => encodeURIComponent(c));
}
