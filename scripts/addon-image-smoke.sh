#!/usr/bin/env bash
# Builds the add-on image (homesec/Dockerfile, repository root as context, as the release workflow
# does) with buildah, without a Docker daemon and without registries other than Debian's and npm's,
# then runs HomeSec inside it as the Supervisor would (a /data/options.json from the add-on's default
# options plus one folder camera) and checks, with no network at all (a private network namespace):
#   - /api/health answers 200; a peer that is not the ingress proxy (172.30.32.2) gets 403;
#   - ffmpeg has the decoders cameras send (H.264, H.265, MJPEG) and what HomeSec uses (x264, drawbox,
#     avgblur, rtsp, tls), and decodes a sample of each; ONNX Runtime loads the shipped model;
#   - clips dropped into /share/homesec/<camera> (H.264 mp4, H.265 mp4, MJPEG avi) are stored and
#     detected with the shipped model (person), without any download;
#   - the io.hass.arch label matches the platform built; and prints the image size.
# Needs root (buildah, unshare), buildah, debootstrap, fuse-overlayfs, uidmap, curl, iproute2, ffmpeg
# and Node with the repository's npm ci done. Stand-in base images and layers are cached
# (HOMESEC_IMAGE_CACHE, default /var/tmp/homesec-image-cache, and buildah's storage).
set -euo pipefail
cd "$(dirname "$0")/.."
REPO="$PWD"

IMAGE="${HOMESEC_SMOKE_IMAGE:-localhost/homesec-addon:smoke}"
CACHE="${HOMESEC_IMAGE_CACHE:-/var/tmp/homesec-image-cache}"
CAMERA=front_door
PORT=8099
INGRESS_IP=172.30.32.2
# The tests' footage (tests/support/fixtures.ts: people walking, from opencv-doc's vtest.avi).
FIXTURES="${HOMESEC_FIXTURES:-$REPO/.tmp/fixtures}"
# Generous bounds on waits that normally take seconds; they only stop a hung run.
HEALTH_WAIT_S=180
CLIPS_WAIT_S=600

log() { printf '[smoke] %s\n' "$*" >&2; }
die() { printf '[smoke] FAILED: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "run as root (buildah and unshare need it)"
for tool in buildah debootstrap curl ip unshare ffmpeg node; do
  command -v "$tool" >/dev/null 2>&1 ||
    die "$tool is missing (apt-get install buildah debootstrap fuse-overlayfs uidmap curl iproute2 util-linux ffmpeg; Node.js)"
done
[ -d node_modules/yaml ] || die "run npm ci first (the script reads homesec/config.yaml with the yaml package)"
if [ ! -f "$FIXTURES/pedestrians.mp4" ]; then
  node --import tsx -e "(await import('./tests/support/fixtures.ts')).ensureFixtures()" --input-type=module ||
    die "cannot make $FIXTURES/pedestrians.mp4 (apt-get install opencv-doc ffmpeg)"
fi
[ -f "$FIXTURES/pedestrians.mp4" ] || die "missing $FIXTURES/pedestrians.mp4"

mkdir -p "$CACHE"
if [ -z "${CONTAINERS_CONF:-}" ]; then
  printf '[containers]\ndefault_ulimits = []\n' >"$CACHE/containers.conf"
  export CONTAINERS_CONF="$CACHE/containers.conf"
fi

WORK=$(mktemp -d /tmp/homesec-smoke.XXXXXX)
container=""
service_pid=""
cleanup() {
  local rc=$?
  if [ -n "$service_pid" ]; then kill "$service_pid" 2>/dev/null || true; fi
  if [ -n "$container" ]; then
    buildah umount "$container" >/dev/null 2>&1 || true
    buildah rm "$container" >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT

# ---- 1. Stand-in bases and the image -------------------------------------------------------------
standins=$(scripts/addon-image-standins.sh)
BUILD_FROM=$(sed -n 's/^BUILD_FROM=//p' <<<"$standins")
NODE_IMAGE=$(sed -n 's/^NODE_IMAGE=//p' <<<"$standins")
VERSION=$(node -e "const y=require('yaml');const fs=require('fs');process.stdout.write(String(y.parse(fs.readFileSync('homesec/config.yaml','utf8')).version))")
case "$(uname -m)" in
  x86_64) target_arch=amd64 expected_arch=amd64 ;;
  aarch64 | arm64) target_arch=arm64 expected_arch=aarch64 ;;
  *) die "unsupported $(uname -m)" ;;
esac

# BuildKit sets TARGETARCH itself; buildah 1.28 needs it given to pick the `FROM addon-${TARGETARCH}` stage.
log "building $IMAGE (version $VERSION, $target_arch) on $BUILD_FROM and $NODE_IMAGE"
started=$(date +%s)
buildah bud --isolation chroot --network host --layers --force-rm --jobs 2 \
  --ignorefile homesec/Dockerfile.dockerignore -f homesec/Dockerfile \
  --build-arg "TARGETARCH=$target_arch" --build-arg "BUILD_FROM=$BUILD_FROM" --build-arg "NODE_IMAGE=$NODE_IMAGE" --build-arg "BUILD_VERSION=$VERSION" \
  -t "$IMAGE" . >"$WORK/build.log" 2>&1 || {
  # Stages build in parallel, so the failing step's own errors are not always at the end.
  grep -E 'error|ERR!|Error:' "$WORK/build.log" | tail -n 40 >&2
  die "image build failed (errors above)"
}
log "built in $(($(date +%s) - started)) s"

arch_label=$(buildah inspect --type image --format '{{index .OCIv1.Config.Labels "io.hass.arch"}}' "$IMAGE")
version_label=$(buildah inspect --type image --format '{{index .OCIv1.Config.Labels "io.hass.version"}}' "$IMAGE")
[ "$arch_label" = "$expected_arch" ] || die "io.hass.arch is '$arch_label', expected $expected_arch"
[ "$version_label" = "$VERSION" ] || die "io.hass.version is '$version_label', expected $VERSION"
log "labels: io.hass.arch=$arch_label io.hass.version=$version_label"

# ---- 2. A container with the add-on's folders and options ---------------------------------------
container=$(buildah from "$IMAGE")
mnt=$(buildah mount "$container")
mkdir -p "$mnt/data" "$mnt/media" "$mnt/share/homesec/$CAMERA" "$mnt/tmp/samples"
# The Supervisor writes the add-on's default options merged with the user's: here one folder camera
# with no path, so it watches the add-on default /share/homesec/<camera>.
node -e "
  const y = require('yaml'); const fs = require('fs');
  const options = y.parse(fs.readFileSync('homesec/config.yaml', 'utf8')).options;
  options.cameras = [{ name: '$CAMERA', source: 'folder' }];
  fs.writeFileSync(process.argv[1], JSON.stringify(options, null, 2));
" "$mnt/data/options.json"

run_in() { buildah run --isolation chroot --network host "$container" -- "$@"; }

# ---- 3. ffmpeg and ONNX Runtime inside the image ------------------------------------------------
log "ffmpeg: $(run_in ffmpeg -hide_banner -version | head -n 1)"
listing() { run_in ffmpeg -hide_banner "-$1" 2>/dev/null; }
require_listed() {
  local kind=$1 names
  shift
  # Every listing is "<flags> <name[,alias...]> <description>"; the header lines never name a component.
  names=$(listing "$kind" | awk '{print $2}' | tr ',' '\n')
  for name in "$@"; do grep -qx "$name" <<<"$names" || die "ffmpeg in the image has no $kind '$name'"; done
}
require_listed decoders h264 hevc mjpeg mpeg4 aac pcm_alaw pcm_mulaw
require_listed encoders libx264 mjpeg aac rawvideo
require_listed filters drawbox avgblur extractplanes scale pad fps
require_listed demuxers rtsp mov matroska mpegts concat image2
require_listed muxers mp4 segment image2 rawvideo
run_in ffmpeg -hide_banner -protocols 2>/dev/null | grep -qw tls || die "ffmpeg in the image has no tls protocol (rtsps)"

# Samples in each codec cameras send, made here with the machine's ffmpeg (which has x265).
ffmpeg -v error -y -t 4 -i "$FIXTURES/pedestrians.mp4" -an -c:v libx265 -preset ultrafast -x265-params log-level=error -tag:v hvc1 "$WORK/pedestrians-h265.mp4"
ffmpeg -v error -y -t 4 -i "$FIXTURES/pedestrians.mp4" -an -c:v mjpeg -q:v 5 "$WORK/pedestrians-mjpeg.avi"
cp "$WORK/pedestrians-h265.mp4" "$WORK/pedestrians-mjpeg.avi" "$FIXTURES/pedestrians.mp4" "$mnt/tmp/samples/"
for sample in pedestrians.mp4 pedestrians-h265.mp4 pedestrians-mjpeg.avi; do
  run_in ffmpeg -v error -i "/tmp/samples/$sample" -f null - || die "ffmpeg in the image cannot decode $sample"
done
run_in ffmpeg -v error -y -i /tmp/samples/pedestrians-mjpeg.avi -c:v libx264 -preset veryfast -pix_fmt yuv420p /tmp/samples/x264.mp4 ||
  die "ffmpeg in the image cannot transcode MJPEG to H.264"
log "ffmpeg decodes H.264, H.265 and MJPEG and encodes H.264"

run_in sh -c 'cd /opt/homesec && node --input-type=module -e "
  const ort = await import(\"onnxruntime-node\");
  const s = await ort.InferenceSession.create(\"models/yolox_nano.onnx\");
  console.log(\"onnxruntime-node loads models/yolox_nano.onnx: inputs\", s.inputNames.join(), \"outputs\", s.outputNames.join());
"' >&2 || die "ONNX Runtime does not load the shipped model in the image"

# ---- 4. The service, with no network, through the add-on's own options ---------------------------
# Inside a private network namespace only loopback exists: nothing can be downloaded, port 8099 is
# free whatever runs on this machine, and the ingress proxy's address can be put on loopback.
log "starting HomeSec in the image (no network)"
cat >"$WORK/inside.sh" <<EOF
set -euo pipefail
ip link set lo up
ip addr add $INGRESS_IP/32 dev lo
buildah run --isolation chroot --network host "$container" -- sh -c 'cd /opt/homesec && exec node --max-semi-space-size=4 server/dist/main.js run' \
  >"$WORK/service.log" 2>&1 &
echo \$! >"$WORK/service.pid"
ok=""
for _ in \$(seq 1 $HEALTH_WAIT_S); do
  if curl -s -o "$WORK/health.json" -w '%{http_code}' "http://127.0.0.1:$PORT/api/health" 2>/dev/null | grep -q '^200\$'; then ok=1; break; fi
  kill -0 "\$(cat "$WORK/service.pid")" 2>/dev/null || break
  sleep 1
done
[ -n "\$ok" ] || { echo "no 200 from /api/health" >&2; exit 10; }
# Not the ingress proxy: refused.
curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/api/clips" >"$WORK/outsider.code"
cp "$WORK/pedestrians-h265.mp4" "$WORK/pedestrians-mjpeg.avi" "$FIXTURES/pedestrians.mp4" "$mnt/share/homesec/$CAMERA/"
# Through the ingress proxy's address: allowed.
for _ in \$(seq 1 $CLIPS_WAIT_S); do
  curl -s --interface $INGRESS_IP -o "$WORK/clips.json" "http://$INGRESS_IP:$PORT/api/clips" || true
  node -e "
    const body = JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8'));
    const finished = body.clips.filter((c) => c.status === 'done' || c.status === 'failed');
    process.exit(finished.length >= 3 ? 0 : 1);
  " "$WORK/clips.json" 2>/dev/null && break
  sleep 1
done
curl -s --interface $INGRESS_IP -o "$WORK/health.json" "http://$INGRESS_IP:$PORT/api/health"
kill -TERM "\$(cat "$WORK/service.pid")"
wait || true
EOF
unshare --net bash "$WORK/inside.sh" || { tail -n 40 "$WORK/service.log" >&2; die "the service did not come up in the image (see above)"; }

node -e "
  const fs = require('fs');
  const [clipsPath, healthPath, outsiderPath, logPath] = process.argv.slice(1);
  const fail = (m) => { console.error('[smoke] FAILED: ' + m); process.exit(1); };
  const outsider = fs.readFileSync(outsiderPath, 'utf8').trim();
  if (outsider !== '403') fail('a request from 127.0.0.1 (not the ingress proxy) got ' + outsider + ', expected 403');
  const clips = JSON.parse(fs.readFileSync(clipsPath, 'utf8')).clips;
  if (clips.length !== 3) fail('expected 3 clips, got ' + clips.length);
  for (const c of clips) {
    if (c.status !== 'done') fail('clip ' + c.id + ' is ' + c.status + ': ' + c.error);
    if (!c.labels.includes('person')) fail('clip ' + c.id + ' has labels [' + c.labels + '], no person');
  }
  const health = JSON.parse(fs.readFileSync(healthPath, 'utf8'));
  const log = fs.readFileSync(logPath, 'utf8');
  if (log.includes('detector.model_download_started')) fail('the service tried to download a model');
  if (!/detector.ready.*\/opt\/homesec\/models\/yolox_nano.onnx/.test(log)) fail('the detector did not use the shipped model');
  console.error('[smoke] 403 for a non-ingress peer; 3 clips (H.264, H.265, MJPEG) done with person, shipped model, no download');
  console.error('[smoke] health: ' + JSON.stringify(health).slice(0, 300));
" "$WORK/clips.json" "$WORK/health.json" "$WORK/outsider.code" "$WORK/service.log"

# ---- 5. Size -------------------------------------------------------------------------------------
log "largest parts (MB): $(run_in du -sm /opt/homesec/node_modules /opt/ffmpeg /usr/local/bin/node /opt/homesec/models | awk '{printf "%s %s, ", $2, $1}')"
buildah umount "$container" >/dev/null
buildah rm "$container" >/dev/null
container=""
if command -v podman >/dev/null 2>&1; then
  size=$(podman image inspect --format '{{.Size}}' "$IMAGE")
  base=$(podman image inspect --format '{{.Size}}' "$BUILD_FROM")
  printf '[smoke] image %s: %s bytes (%s MB; the base image is %s MB of it)\n' "$IMAGE" "$size" "$((size / 1000000))" "$((base / 1000000))"
else
  printf '[smoke] image %s: %s\n' "$IMAGE" "$(buildah images --format '{{.Size}}' "$IMAGE")"
fi
log "passed"
