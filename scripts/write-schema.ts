import { readFileSync, writeFileSync } from 'node:fs';
import { DOCS_FILE, SCHEMA_FILE, SHAPE_TABLE_FILE, fieldTables, schemaText, shapeTableText, withFieldTables } from './schema-build.js';

writeFileSync(SCHEMA_FILE, schemaText());
writeFileSync(SHAPE_TABLE_FILE, shapeTableText());
writeFileSync(DOCS_FILE, withFieldTables(readFileSync(DOCS_FILE, 'utf8'), fieldTables()));
console.log(`wrote ${SCHEMA_FILE.pathname}, ${SHAPE_TABLE_FILE.pathname} and the field tables of ${DOCS_FILE.pathname}`);
