/**
 * Validates a package manifest against the official XSDs shipped in the package itself — or, for
 * `cmi5.xml`, against the cmi5 CourseStructure.xsd kept in lms-packages/xsd/cmi5/ — offline, with
 * libxml2 compiled to WebAssembly (`xmllint-wasm`, a development dependency: tests and checks only).
 *
 * xmllint validates against one schema, so a small driver schema imports every namespace the
 * manifest uses from the package's own schema files. SCORM 2004's `<resource>` accepts any foreign
 * attribute, so a misspelt `adlcp:scormtype` would pass the XSD; `scormTypeProblems` checks that
 * attribute explicitly.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { packageRoot, type SchemaSet } from './sources.js';

const IMPORTS: Record<SchemaSet, [namespace: string, file: string][]> = {
  scorm12: [
    ['http://www.imsproject.org/xsd/imscp_rootv1p1p2', 'imscp_rootv1p1p2.xsd'],
    ['http://www.adlnet.org/xsd/adlcp_rootv1p2', 'adlcp_rootv1p2.xsd'],
    // imsmd_rootv1p2p1.xsd (LOM metadata) is not imported: libxml2 rejects its content models as
    // non-deterministic, and the manifests carry no LOM metadata (a test checks that).
  ],
  scorm2004: [
    ['http://www.imsglobal.org/xsd/imscp_v1p1', 'imscp_v1p1.xsd'],
    ['http://www.adlnet.org/xsd/adlcp_v1p3', 'adlcp_v1p3.xsd'],
    ['http://www.adlnet.org/xsd/adlseq_v1p3', 'adlseq_v1p3.xsd'],
    ['http://www.adlnet.org/xsd/adlnav_v1p3', 'adlnav_v1p3.xsd'],
    ['http://www.imsglobal.org/xsd/imsss', 'imsss_v1p0.xsd'],
  ],
};

export function driverSchema(set: SchemaSet): string {
  const imports = IMPORTS[set].map(([ns, file]) => `  <xs:import namespace="${ns}" schemaLocation="${file}"/>`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:pathway:xsd-driver" elementFormDefault="qualified">\n${imports}\n</xs:schema>\n`;
}

export interface XsdResult {
  valid: boolean;
  errors: string[];
}

/** Validates `imsmanifest.xml` text against the schema files found in the same package. */
export async function validateManifest(manifest: string, set: SchemaSet, schemaFiles: ReadonlyMap<string, Uint8Array>): Promise<XsdResult> {
  for (const [, file] of IMPORTS[set]) if (!schemaFiles.has(file)) return { valid: false, errors: [`the package lacks ${file}`] };
  const result = await validateXML({
    xml: { fileName: 'imsmanifest.xml', contents: manifest },
    schema: { fileName: 'pathway-driver.xsd', contents: driverSchema(set) },
    preload: [...schemaFiles].map(([fileName, contents]) => ({ fileName, contents })),
  });
  return { valid: result.valid, errors: result.errors.map((e) => e.rawMessage) };
}

/** The SCO attribute spelled as each edition requires: `adlcp:scormtype` (1.2), `adlcp:scormType` (2004). */
export function scormTypeProblems(manifest: string, set: SchemaSet): string[] {
  const right = set === 'scorm12' ? 'scormtype' : 'scormType';
  const wrong = set === 'scorm12' ? 'scormType' : 'scormtype';
  const problems: string[] = [];
  const resources = manifest.match(/<resource\b[^>]*>/g) ?? [];
  if (resources.length === 0) problems.push('no <resource> element');
  for (const tag of resources) {
    if (new RegExp(`\\b\\w+:${wrong}=`).test(tag)) problems.push(`${tag} uses ${wrong}; SCORM ${set === 'scorm12' ? '1.2' : '2004'} needs adlcp:${right}`);
    else if (!new RegExp(`\\badlcp:${right}="(sco|asset)"`).test(tag)) problems.push(`${tag} has no adlcp:${right}="sco|asset"`);
  }
  if (!resources.some((tag) => new RegExp(`adlcp:${right}="sco"`).test(tag))) problems.push('no resource is a SCO');
  return problems;
}

/** The official cmi5 course structure schema (Apache-2.0, see lms-packages/xsd/cmi5/README.md). */
export function courseStructureXsd(): string {
  return readFileSync(join(packageRoot(), 'lms-packages/xsd/cmi5/CourseStructure.xsd'), 'utf8');
}

/** Validates `cmi5.xml` text against the cmi5 CourseStructure.xsd (§13.2). */
export async function validateCourseStructure(xml: string): Promise<XsdResult> {
  const result = await validateXML({
    xml: { fileName: 'cmi5.xml', contents: xml },
    schema: { fileName: 'CourseStructure.xsd', contents: courseStructureXsd() },
  });
  return { valid: result.valid, errors: result.errors.map((e) => e.rawMessage) };
}

/**
 * Validates `tincan.xml` against the structure schema in lms-packages/xsd/tincan/ (written for this
 * project; the official tincan.xsd is not available offline): well-formed, one activity with names,
 * descriptions and a launch.
 */
export async function validateTincan(xml: string): Promise<XsdResult> {
  const result = await validateXML({
    xml: { fileName: 'tincan.xml', contents: xml },
    schema: { fileName: 'tincan-structure.xsd', contents: readFileSync(join(packageRoot(), 'lms-packages/xsd/tincan/tincan-structure.xsd'), 'utf8') },
  });
  return { valid: result.valid, errors: result.errors.map((e) => e.rawMessage) };
}
