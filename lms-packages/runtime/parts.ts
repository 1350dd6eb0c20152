/**
 * The optional parts of a package's script, each a classic script of its own in the zip, built by
 * lms-packages/rollup.package.mjs (`PACKAGE_PARTS`: the model validator, the UI messages of each
 * language besides English, the assessment engine, the planner, and the xAPI reporting a SCORM candidate package sends to its candidate endpoint) into dist/lms/. A part `<name>` is the file `pathway-<name>.js`, which
 * defines the global `PathwayPart_<name>` when it runs (the same convention on both sides).
 */
export type PackagePart = 'validate' | 'de' | 'fr' | 'engine' | 'planner' | 'lrs';

export const partFile = (part: PackagePart): string => `pathway-${part}.js`;

export const partGlobal = (part: PackagePart): string => `PathwayPart_${part}`;
