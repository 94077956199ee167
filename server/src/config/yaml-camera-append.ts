import { isMap, isSeq } from 'yaml';
import { err, ok, type Result } from '../core/result.js';
import { editYamlFile } from './yaml-file-edit.js';

/** Appends one camera to the `cameras` list of a YAML config file, keeping its comments and layout. */
export function appendCameraToYamlFile(path: string, camera: Readonly<Record<string, unknown>>): Promise<Result<void, string>> {
  return editYamlFile(path, (doc) => {
    const cameras = doc.get('cameras', true);
    if (cameras === undefined || cameras === null || (isSeq(cameras) && cameras.items.length === 0)) {
      doc.set('cameras', doc.createNode([camera]));
      return ok(undefined);
    }
    if (!isSeq(cameras)) return err('cameras is not a list');
    // Another route (or the user's editor) may have added this name since HomeSec started: a second
    // camera of one name would keep the file from loading.
    if (cameras.items.some((item) => isMap(item) && item.get('name') === camera.name))
      return err(`a camera named ${String(camera.name)} is in it already`);
    cameras.add(doc.createNode(camera));
    return ok(undefined);
  });
}
