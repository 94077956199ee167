import { readFile, rename, writeFile } from 'node:fs/promises';
import { isMap, parseDocument, type Document } from 'yaml';
import { err, ok, type Result } from '../core/result.js';

/**
 * Edits a YAML config file in place, keeping its comments and layout: `edit` changes the parsed
 * document (the yaml Document API, not a re-dump of the values), and the new text replaces the old
 * file by rename, so HomeSec never leaves half a config behind. An edit that refuses writes nothing;
 * its reason comes back prefixed with the file's path.
 */
export async function editYamlFile(path: string, edit: (doc: Document) => Result<void, string>): Promise<Result<void, string>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    return err(`cannot read ${path}: ${(e as Error).message}`);
  }
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return err(`${path} is not valid YAML: ${doc.errors[0]?.message ?? ''}`);
  if (doc.contents !== null && !isMap(doc.contents)) return err(`${path} does not hold a mapping at its top`);
  const edited = edit(doc);
  if (!edited.ok) return err(`${path}: ${edited.error}`);
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, doc.toString(), { mode: 0o600 });
    await rename(temporary, path);
  } catch (e) {
    return err(`cannot write ${path}: ${(e as Error).message}`);
  }
  return ok(undefined);
}
