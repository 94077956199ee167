/**
 * What the dashboard's zone editor saves for one camera: its motion mask polygons and its zones, each
 * polygon as the config writes it ("x1,y1,x2,y2,..." in shares of the picture). Written whole: the
 * camera's old masks and zones are replaced, every other camera's are left as they were.
 */
export interface CameraRegions {
  readonly maskPolygons: readonly string[];
  readonly zones: readonly RegionZone[];
}

export interface RegionZone {
  readonly name: string;
  readonly points: string;
  readonly labels: readonly string[];
}

/** A zone as the config holds it (YAML file and add-on options alike: the same snake_case keys). */
export function zoneEntry(camera: string, zone: RegionZone): Record<string, unknown> {
  return { camera, name: zone.name, points: zone.points, labels: [...zone.labels] };
}
