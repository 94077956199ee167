import type { AlertPayload } from '../../../../server/src/notify/alert-payload.js';
import { AlertPayloadSchema } from '../../../../server/src/notify/alert-payload.js';
import type { MosquittoBroker, RecordedMessage } from '../../../support/mosquitto.js';
import { shippedModel } from '../../../support/paths.js';
import type { RtspCameraServer } from '../../../support/rtsp-camera-server.js';
import type { FakeOpenAiServer } from '../../../support/servers/fake-openai-server.js';

/** HomeSec's config for one live RTSP camera with detector, VLM and broker (YAML keys, as a user writes them). */
export function liveConfig(
  camera: RtspCameraServer,
  broker: MosquittoBroker,
  vlm: FakeOpenAiServer,
  cameraOverrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    cameras: [
      {
        name: 'front_door',
        source: 'rtsp',
        url: camera.url(),
        pre_roll_s: 2,
        post_roll_s: 3,
        segment_s: 1,
        motion: { off_delay_s: 3 },
        ...cameraOverrides,
      },
    ],
    detector: { enabled: true, model: shippedModel('yolox_nano.onnx'), live_fps: 2 },
    analyzer: { enabled: true, base_url: vlm.baseUrl, api_key: 'sk-live', early_after_s: 1, final_call_after_s: 30, max_frames: 4 },
    alerts: { cooldown_s: 0 },
    mqtt: { url: broker.url },
  };
}

export function payloadOf(message: RecordedMessage): AlertPayload {
  return AlertPayloadSchema.parse(JSON.parse(message.payload));
}
