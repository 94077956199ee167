// A zero-dependency ONNX writer that builds a fake Ultralytics YOLOv8-shaped detector for tests:
// input "images" float32 [1,3,H,W] -> output "output0" float32 [1,4+C,N] (N = 8400 at 640x640).
// Three zero-weight strided 1x1 convs consume the input, so the output is exactly the planted values.

/** A box planted at one anchor column, in model-input pixels (cx, cy, w, h) with one class score. */
export interface PlantedDetection {
  readonly anchor: number;
  readonly cx: number;
  readonly cy: number;
  readonly w: number;
  readonly h: number;
  readonly classId: number;
  readonly score: number;
}

export interface FakeYoloOptions {
  readonly width?: number;
  readonly height?: number;
  readonly numClasses?: number;
  readonly detections?: readonly PlantedDetection[];
}

const encoder = new TextEncoder();

function varint(value: number | bigint): number[] {
  let n = BigInt(value);
  if (n < 0n) n += 1n << 64n;
  const out: number[] = [];
  do {
    let byte = Number(n & 0x7fn);
    n >>= 7n;
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return out;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

// Protobuf wire helpers: varint fields (wire type 0) and length-delimited fields (wire type 2).
const key = (field: number, wire: number) => varint((field << 3) | wire);
export const intField = (field: number, value: number | bigint) => Uint8Array.from([...key(field, 0), ...varint(value)]);
export const bytesField = (field: number, bytes: Uint8Array) => concat(Uint8Array.from([...key(field, 2), ...varint(bytes.length)]), bytes);
export const stringField = (field: number, text: string) => bytesField(field, encoder.encode(text));
const packedField = (field: number, values: number[]) => bytesField(field, Uint8Array.from(values.flatMap((v) => varint(v))));
const rawBytes = (t: Float32Array | BigInt64Array) => new Uint8Array(t.buffer, t.byteOffset, t.byteLength);

// onnx.proto field numbers: TensorProto{dims=1,data_type=2,name=8,raw_data=9}, AttributeProto{name=1,i=3,ints=8,type=20},
// NodeProto{input=1,output=2,name=3,op_type=4,attribute=5}, GraphProto{node=1,name=2,initializer=5,input=11,output=12},
// ValueInfoProto{name=1,type=2}, TypeProto{tensor_type=1}, TypeProto.Tensor{elem_type=1,shape=2}, Dimension{dim_value=1},
// ModelProto{ir_version=1,producer_name=2,graph=7,opset_import=8}, OperatorSetIdProto{domain=1,version=2}.
export const FLOAT = 1;
export const INT64 = 7;
const ATTR_INT = 2;
const ATTR_INTS = 7;

export const tensor = (name: string, dims: number[], type: number, data: Float32Array | BigInt64Array) =>
  concat(...dims.map((d) => intField(1, d)), intField(2, type), stringField(8, name), bytesField(9, rawBytes(data)));
export const intsAttribute = (name: string, values: number[]) =>
  concat(stringField(1, name), packedField(8, values), intField(20, ATTR_INTS));
export const intAttribute = (name: string, value: number) => concat(stringField(1, name), intField(3, value), intField(20, ATTR_INT));

export function node(op: string, inputs: string[], output: string, attributes: Uint8Array[] = []): Uint8Array {
  return concat(
    ...inputs.map((i) => stringField(1, i)),
    stringField(2, output),
    stringField(3, output),
    stringField(4, op),
    ...attributes.map((a) => bytesField(5, a)),
  );
}

function valueInfo(name: string, dims: number[]): Uint8Array {
  const shape = concat(...dims.map((d) => bytesField(1, intField(1, d))));
  return concat(stringField(1, name), bytesField(2, bytesField(1, concat(intField(1, FLOAT), bytesField(2, shape)))));
}

/** Anchor columns of a YOLOv8 output for an input size (strides 8, 16, 32). */
export function yoloAnchorCount(width: number, height: number): number {
  return [8, 16, 32].reduce((sum, s) => sum + (width / s) * (height / s), 0);
}

/** The bytes of a valid ONNX model (IR 8, opset 17) whose output holds exactly the planted detections. */
export function buildFakeYolov8Onnx(options: FakeYoloOptions = {}): Uint8Array {
  const { width = 640, height = 640, numClasses = 80, detections = [] } = options;
  const channels = 4 + numClasses;
  const n = yoloAnchorCount(width, height);
  const planted = new Float32Array(channels * n);
  for (const d of detections) {
    planted[d.anchor] = d.cx;
    planted[n + d.anchor] = d.cy;
    planted[2 * n + d.anchor] = d.w;
    planted[3 * n + d.anchor] = d.h;
    planted[(4 + d.classId) * n + d.anchor] = d.score;
  }
  const initializers = [
    tensor('planted', [1, channels, n], FLOAT, planted),
    tensor('shape', [3], INT64, BigInt64Array.from([1n, BigInt(channels), -1n])),
  ];
  const nodes: Uint8Array[] = [];
  [8, 16, 32].forEach((stride, i) => {
    initializers.push(tensor(`W${i}`, [channels, 3, 1, 1], FLOAT, new Float32Array(channels * 3)));
    nodes.push(
      node('Conv', ['images', `W${i}`], `p${i}`, [intsAttribute('kernel_shape', [1, 1]), intsAttribute('strides', [stride, stride])]),
    );
    nodes.push(node('Reshape', [`p${i}`, 'shape'], `r${i}`));
  });
  nodes.push(node('Concat', ['r0', 'r1', 'r2'], 'cat', [intAttribute('axis', 2)]));
  nodes.push(node('Add', ['cat', 'planted'], 'output0'));
  const graph = concat(
    ...nodes.map((n) => bytesField(1, n)),
    stringField(2, 'fake_yolov8'),
    ...initializers.map((t) => bytesField(5, t)),
    bytesField(11, valueInfo('images', [1, 3, height, width])),
    bytesField(12, valueInfo('output0', [1, channels, n])),
  );
  return concat(
    intField(1, 8),
    stringField(2, 'homesec-tests'),
    bytesField(7, graph),
    bytesField(8, concat(stringField(1, ''), intField(2, 17))),
  );
}
