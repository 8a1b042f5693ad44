// Reads a YAML file as its list of documents, reporting syntax errors and warnings (duplicate keys are
// errors in yaml 2) instead of throwing.
import { readFile } from 'node:fs/promises';
import { parseAllDocuments } from 'yaml';

export async function readDocuments(absPath) {
  const text = await readFile(absPath, 'utf8');
  const errors = [];
  const documents = [];
  parseAllDocuments(text).forEach((doc, index) => {
    for (const problem of [...doc.errors, ...doc.warnings]) errors.push(`document ${index + 1}: ${problem.message}`);
    if (doc.errors.length === 0) documents.push(doc.toJS());
  });
  return { documents, errors };
}
