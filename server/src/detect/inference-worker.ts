// Worker-thread entry: owns one ORT session and does the whole per-frame path (tensor, run,
// decode, NMS) here, so the service's event loop never waits on a model.
import { parentPort, workerData } from 'node:worker_threads';
import { decodeOutput } from './decode-output.js';
import { modelInputData } from './frame-tensor.js';
import type { DetectRequest, InferenceWorkerInit, InferenceWorkerReply } from './inference-messages.js';
import { OnnxModel } from './onnx-model.js';
import { cropRegion } from './region-crop.js';

async function serve(init: InferenceWorkerInit): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('inference-worker must run in a worker thread');
  const reply = (message: InferenceWorkerReply) => port.postMessage(message);
  let model: OnnxModel;
  try {
    model = await OnnxModel.load(init.modelPath, { threads: init.threads, format: init.format });
  } catch (e) {
    reply({ type: 'load_failed', message: e instanceof Error ? e.message : String(e) });
    return;
  }
  const { layout } = model;
  const tensor = new Float32Array(layout.inputWidth * layout.inputHeight * 3);
  port.on('message', (request: DetectRequest) => {
    // detect() answers every failure as a detect_failed reply; it never rejects.
    detect(request).then(reply, (e: unknown) => reply({ type: 'detect_failed', id: request.id, message: String(e) }));
  });
  async function detect(request: DetectRequest): Promise<InferenceWorkerReply> {
    try {
      const started = performance.now();
      const { crop } = request;
      const frame = crop
        ? cropRegion({ data: request.frame, width: crop.width, height: crop.height }, crop.region, layout.inputWidth, layout.inputHeight)
        : request.frame;
      const output = await model.run(modelInputData(frame, layout, tensor));
      const detections = decodeOutput(output, layout, init.decode, init.nms);
      return { type: 'detected', id: request.id, detections, ms: performance.now() - started };
    } catch (e) {
      return { type: 'detect_failed', id: request.id, message: e instanceof Error ? e.message : String(e) };
    }
  }
  reply({ type: 'ready', layout });
}

// A worker that cannot even start says so to the pool, which reports the model as unavailable.
serve(workerData as InferenceWorkerInit).catch((e: unknown) =>
  parentPort?.postMessage({ type: 'load_failed', message: e instanceof Error ? e.message : String(e) }),
);
