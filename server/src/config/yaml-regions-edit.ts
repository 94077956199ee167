import { isMap, isSeq, type Document, type YAMLSeq } from 'yaml';
import { err, ok, type Result } from '../core/result.js';
import { zoneEntry, type CameraRegions } from './camera-regions.js';
import { editYamlFile } from './yaml-file-edit.js';

/**
 * Replaces one camera's motion mask polygons (`cameras[i].motion.mask_polygons`) and its entries in
 * the top-level `zones` list in a YAML config file, keeping comments and layout (the yaml Document
 * API edits the parsed tree). Other cameras' zones keep their place and text; the camera's new zones
 * go where its first old one was. The new file replaces the old by rename: never half a config.
 */
export function setRegionsInYamlFile(path: string, camera: string, regions: CameraRegions): Promise<Result<void, string>> {
  return editYamlFile(path, (doc) => {
    const masked = setMaskPolygons(doc, camera, regions.maskPolygons);
    return masked.ok ? setZones(doc, camera, regions) : masked;
  });
}

function setMaskPolygons(doc: Document, camera: string, polygons: readonly string[]): Result<void, string> {
  const cameras = doc.get('cameras', true);
  if (!isSeq(cameras)) return err('cameras is not a list');
  const entry = cameras.items.find((item) => isMap(item) && item.get('name') === camera);
  if (!isMap(entry)) return err(`no camera named ${camera}`);
  const motion = entry.get('motion', true);
  if (motion !== undefined && motion !== null && !isMap(motion)) return err(`cameras.${camera}.motion is not a mapping`);
  if (polygons.length > 0) {
    if (isMap(motion)) motion.set('mask_polygons', replacing(motion.get('mask_polygons', true), doc.createNode([...polygons])));
    else entry.set('motion', doc.createNode({ mask_polygons: [...polygons] }));
    return ok(undefined);
  }
  if (!isMap(motion)) return ok(undefined);
  motion.delete('mask_polygons');
  // A `motion:` left with nothing under it would read as null: drop it.
  if (motion.items.length === 0) entry.delete('motion');
  return ok(undefined);
}

function setZones(doc: Document, camera: string, regions: CameraRegions): Result<void, string> {
  const fresh = regions.zones.map((zone) => doc.createNode(zoneEntry(camera, zone)));
  const zones = doc.get('zones', true);
  if (zones === undefined || zones === null) {
    if (fresh.length > 0) doc.set('zones', doc.createNode(regions.zones.map((zone) => zoneEntry(camera, zone))));
    return ok(undefined);
  }
  if (!isSeq(zones)) return err('zones is not a list');
  const isThisCamera = (item: unknown) => isMap(item) && item.get('camera') === camera;
  const first = zones.items.findIndex(isThisCamera);
  const kept = zones.items.filter((item) => !isThisCamera(item));
  const at = first === -1 ? kept.length : first;
  zones.items = [...kept.slice(0, at), ...fresh, ...kept.slice(at)];
  return ok(undefined);
}

/** The new list in the old one's place keeps its comments and its style (flow `[...]` or block). */
function replacing(old: unknown, fresh: YAMLSeq): YAMLSeq {
  if (!isSeq(old)) return fresh;
  fresh.flow = old.flow;
  if (old.comment) fresh.comment = old.comment;
  if (old.commentBefore) fresh.commentBefore = old.commentBefore;
  return fresh;
}
