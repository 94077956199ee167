import { readFile, rename, writeFile } from 'node:fs/promises';
import { isMap, isSeq, parseDocument } from 'yaml';
import { err, ok, type Result } from '../core/result.js';

/**
 * Appends one camera to the `cameras` list of a YAML config file, keeping its comments and layout
 * (the yaml Document API edits the parsed tree, not a re-dump of the values). The new file replaces
 * the old one by rename: HomeSec never leaves half a config behind.
 */
export async function appendCameraToYamlFile(path: string, camera: Readonly<Record<string, unknown>>): Promise<Result<void, string>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    return err(`cannot read ${path}: ${(e as Error).message}`);
  }
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return err(`${path} is not valid YAML: ${doc.errors[0]?.message ?? ''}`);
  if (doc.contents !== null && !isMap(doc.contents)) return err(`${path} does not hold a mapping at its top`);
  const cameras = doc.get('cameras', true);
  if (cameras === undefined || cameras === null || (isSeq(cameras) && cameras.items.length === 0)) {
    doc.set('cameras', doc.createNode([camera]));
  } else if (isSeq(cameras)) {
    // Another route (or the user's editor) may have added this name since HomeSec started: a second
    // camera of one name would keep the file from loading.
    if (cameras.items.some((item) => isMap(item) && item.get('name') === camera.name))
      return err(`${path} has a camera named ${String(camera.name)} already`);
    cameras.add(doc.createNode(camera));
  } else {
    return err(`${path}: cameras is not a list`);
  }
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, doc.toString(), { mode: 0o600 });
    await rename(temporary, path);
  } catch (e) {
    return err(`cannot write ${path}: ${(e as Error).message}`);
  }
  return ok(undefined);
}
