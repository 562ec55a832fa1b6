#!/usr/bin/env bash
# GPU benchmark of the live pipeline on a machine with an NVIDIA GPU.
#
#   scripts/bench-gpu.sh [--model file.onnx] [--keep] [--budget seconds]
#                        [--provider cuda|cpu] [--cameras "1 8 16 32 64"] [--seconds 20]
#
# `--provider cpu` (with a stand-in nvidia-smi: BENCH_GPU_NVIDIA_SMI=/bin/echo) rehearses every
# step but the CUDA install and provider starts on a machine without a GPU, e.g. with
# `--cameras "1 2" --seconds 4`.
#
# Prints ONE JSON object on stdout (everything else goes to stderr) and exits 0 whatever
# happened: each step is time-boxed and its failure is recorded in the JSON, never fatal.
# The whole run stays under the budget (default 460 s, under 8 minutes).
#
# Steps:
#   1. nvidia-smi: no NVIDIA GPU (or no nvidia-smi) -> {"gpu": false, ...} and exit 0.
#   2. CUDA provider binaries for onnxruntime-node, installed IN PLACE: the three provider
#      libraries (libonnxruntime_providers_{shared,cuda,tensorrt}.so) are added next to the
#      binding in node_modules/onnxruntime-node/bin/napi-v6/linux/x64; nothing there is replaced.
#      Source: $ORT_GPU_NUPKG (a Microsoft.ML.OnnxRuntime.Gpu.Linux <version>.nupkg, for offline
#      machines) or onnxruntime-node's own install script (downloads from NuGet:
#      ONNXRUNTIME_NODE_INSTALL=cuda12). Files this script added are removed at the end unless
#      --keep is given.
#   3. cuda (and tensorrt) session start on the model, each provider alone (no silent fallback).
#   4. watcher bench pipeline --provider cuda --json (and tensorrt when it started): the ONNX
#      session on its own thread, as live cameras run it, against bare session.run.
#   5. watcher bench cameras --provider cuda for 1, 8, 16, 32, 64 cameras of a 1080p source with a
#      640x360 detect stream at 10 fps, when `watcher bench` offers `cameras`.
set -u

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT" || exit 0
START=$(date +%s)
BUDGET=460
KEEP=0
MODEL=""
PROVIDER=cuda
CAMERAS="1 8 16 32 64"
SECONDS_EACH=20
while [ $# -gt 0 ]; do
  case "$1" in
    --model) MODEL="${2:-}"; shift 2 ;;
    --provider) PROVIDER="${2:-cuda}"; shift 2 ;;
    --cameras) CAMERAS="${2:-1}"; shift 2 ;;
    --seconds) SECONDS_EACH="${2:-20}"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --budget) BUDGET="${2:-460}"; shift 2 ;;
    *) echo "bench-gpu: unknown argument $1" >&2; shift ;;
  esac
done
NVIDIA_SMI="${BENCH_GPU_NVIDIA_SMI:-nvidia-smi}"
NODE="${NODE:-node}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/watcher-bench-gpu.XXXXXX")"
RESULTS="$WORK/results"
mkdir -p "$RESULTS"
ADDED=()

log() { echo "bench-gpu: $*" >&2; }
elapsed() { echo $(($(date +%s) - START)); }
remaining() { echo $((BUDGET - $(elapsed))); }

# record <name> <status> <seconds> [file with the step's stdout] [note]
record() {
  local name="$1" status="$2" secs="$3" out="${4:-}" note="${5:-}"
  printf '%s\n%s\n%s\n%s\n' "$status" "$secs" "$out" "$note" >"$RESULTS/$(printf '%03d' "$(ls "$RESULTS" | wc -l)")-$name"
}

# step <name> <max seconds> <command...>: runs it time-boxed, stdout to a file, stderr to ours.
step() {
  local name="$1" max="$2"
  shift 2
  local left
  left=$(($(remaining) - 15))
  if [ "$left" -lt 10 ]; then
    record "$name" skipped 0 "" "time budget spent"
    return 1
  fi
  [ "$max" -gt "$left" ] && max="$left"
  local out="$WORK/$name.out" t0 rc
  t0=$(date +%s)
  log "$name (at most ${max}s)"
  timeout --kill-after=10 "$max" "$@" >"$out" 2>"$WORK/$name.err"
  rc=$?
  local secs=$(($(date +%s) - t0))
  if [ $rc -eq 0 ]; then
    record "$name" ok "$secs" "$out"
    return 0
  fi
  local why="exit $rc"
  [ $rc -eq 124 ] || [ $rc -eq 137 ] && why="timed out after ${max}s"
  record "$name" failed "$secs" "$out" "$why: $(tail -c 600 "$WORK/$name.err" | tr '\n' ' ')"
  return 1
}

summary() {
  # One JSON object from the recorded steps (node is always there: Watcher runs on it).
  "$NODE" - "$RESULTS" "$@" <<'EOF'
const fs = require('fs');
const path = require('path');
const [dir, ...kv] = process.argv.slice(2);
const out = { steps: [] };
for (let i = 0; i + 1 < kv.length; i += 2) {
  const v = kv[i + 1];
  out[kv[i]] = v === 'true' ? true : v === 'false' ? false : /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
}
for (const f of fs.readdirSync(dir).sort()) {
  const [status, secs, file, note] = fs.readFileSync(path.join(dir, f), 'utf8').split('\n');
  const s = { name: f.replace(/^\d+-/, ''), status, seconds: Number(secs) };
  if (note) s.error = note.trim();
  if (file && fs.existsSync(file)) {
    const text = fs.readFileSync(file, 'utf8').trim();
    try {
      s.result = JSON.parse(text);
    } catch {
      if (text) s.output = text.slice(-2000);
    }
  }
  out.steps.push(s);
}
process.stdout.write(JSON.stringify(out) + '\n');
EOF
}

cleanup() {
  if [ "$KEEP" -eq 0 ]; then
    for f in "${ADDED[@]}"; do rm -f "$f"; done
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# 1. Is there an NVIDIA GPU at all?
if ! command -v "$NVIDIA_SMI" >/dev/null 2>&1; then
  summary gpu false reason "nvidia-smi not found: no NVIDIA GPU or driver on this machine" seconds "$(elapsed)"
  exit 0
fi
if ! step nvidia-smi 30 "$NVIDIA_SMI" --query-gpu=name,driver_version,memory.total --format=csv,noheader; then
  summary gpu false reason "nvidia-smi failed: no usable NVIDIA GPU" seconds "$(elapsed)"
  exit 0
fi
GPU_NAME="$(head -1 "$WORK/nvidia-smi.out" | cut -d, -f1)"

# 2. The CUDA provider libraries next to onnxruntime-node's binding.
ORT_DIR="$ROOT/node_modules/onnxruntime-node"
BIN="$ORT_DIR/bin/napi-v6/linux/x64"
LIBS=(libonnxruntime_providers_shared.so libonnxruntime_providers_cuda.so libonnxruntime_providers_tensorrt.so)
missing=()
for l in "${LIBS[@]}"; do [ -f "$BIN/$l" ] || missing+=("$l"); done
INSTALL_HOW="already present"
[ "$PROVIDER" = cpu ] && INSTALL_HOW="not needed (--provider cpu)" && missing=()
if [ ${#missing[@]} -gt 0 ]; then
  if [ -n "${ORT_GPU_NUPKG:-}" ] && [ -f "${ORT_GPU_NUPKG}" ]; then
    INSTALL_HOW="from $ORT_GPU_NUPKG"
    step install-cuda-binaries 120 unzip -o -j "$ORT_GPU_NUPKG" \
      "runtimes/linux-x64/native/libonnxruntime_providers_*.so" -d "$BIN"
  else
    INSTALL_HOW="onnxruntime-node install script (ONNXRUNTIME_NODE_INSTALL=cuda12, from NuGet)"
    step install-cuda-binaries 180 env ONNXRUNTIME_NODE_INSTALL=cuda12 "$NODE" "$ORT_DIR/script/install.js"
  fi
  for l in "${missing[@]}"; do [ -f "$BIN/$l" ] && ADDED+=("$BIN/$l"); done
fi

# The model: --model, else the shared test model.
if [ -z "$MODEL" ]; then
  for m in "${WATCHER_SHARED_DIR:-$ROOT/../shared}/models/yolov8n-416-int8.onnx" "$ROOT/shared/models/yolov8n-416-int8.onnx"; do
    [ -f "$m" ] && MODEL="$m" && break
  done
fi

# 3. Does each provider start, alone (ORT would otherwise fall back to the CPU silently)?
cat >"$WORK/start.cjs" <<'EOF'
const ort = require(process.argv[4]);
ort.env.logLevel = 'fatal';
const t0 = Date.now();
const provider = process.argv[3] === 'tensorrt'
  ? { name: 'tensorrt', deviceId: 0 }
  : { name: process.argv[3], deviceId: 0 };
ort.InferenceSession.create(process.argv[2], { executionProviders: [provider], logSeverityLevel: 4 })
  .then(() => console.log(JSON.stringify({ started: true, ms: Date.now() - t0 })))
  .catch((e) => { console.error(String(e.message).split('\n')[0]); process.exit(1); });
EOF
CUDA_OK=false
TRT_OK=false
if [ -n "$MODEL" ] && [ "$PROVIDER" = cpu ]; then
  record start-cuda skipped 0 "" "--provider cpu: rehearsal without the GPU providers"
elif [ -n "$MODEL" ]; then
  # TensorRT reads its engine cache settings from these (see inference/worker/onnx/session.ts).
  export ORT_TENSORRT_ENGINE_CACHE_ENABLE=1 ORT_TENSORRT_CACHE_PATH="$WORK/trt-cache" ORT_TENSORRT_FP16_ENABLE=1
  step start-cuda 60 "$NODE" "$WORK/start.cjs" "$MODEL" cuda "$ORT_DIR" && CUDA_OK=true
  step start-tensorrt 200 "$NODE" "$WORK/start.cjs" "$MODEL" tensorrt "$ORT_DIR" && TRT_OK=true
else
  record start-cuda skipped 0 "" "no model: pass --model file.onnx or set WATCHER_SHARED_DIR"
fi

# A 1080p source for the pipeline and the camera benchmarks.
FFMPEG="${WATCHER_FFMPEG:-$(command -v ffmpeg || echo "$ROOT/node_modules/@ffmpeg-installer/linux-x64/ffmpeg")}"
SRC="$WORK/src-1080p.mp4"
step make-1080p-source 60 "$FFMPEG" -hide_banner -loglevel error -y -f lavfi \
  -i testsrc2=size=1920x1080:rate=25 -t 10 -c:v libx264 -preset ultrafast -pix_fmt yuv420p "$SRC" || SRC=""

# 4. The pipeline benchmark (tools run from source through tsx: no build needed).
if [ -n "$MODEL" ] && [ -n "$SRC" ]; then
  step "bench-pipeline-$PROVIDER" 120 "$NODE" bin/watcher.mjs bench pipeline --model "$MODEL" --source "$SRC" \
    --provider "$PROVIDER" --seconds "$SECONDS_EACH" --rounds 4 --json
  if [ "$TRT_OK" = true ]; then
    step bench-pipeline-tensorrt 120 "$NODE" bin/watcher.mjs bench pipeline --model "$MODEL" --source "$SRC" \
      --provider tensorrt --seconds "$SECONDS_EACH" --rounds 4 --json
  fi
fi

# 5. Many cameras, when this Watcher has `bench cameras`.
HAS_CAMERAS=false
if "$NODE" bin/watcher.mjs bench 2>&1 | grep -qw cameras; then HAS_CAMERAS=true; fi
if [ "$HAS_CAMERAS" = true ] && [ -n "$SRC" ]; then
  for n in $CAMERAS; do
    step "bench-cameras-$PROVIDER-$n" 45 "$NODE" bin/watcher.mjs bench cameras --provider "$PROVIDER" --cameras "$n" \
      --source "$SRC" ${MODEL:+--model "$MODEL"} --detect-size 640x360 --detect-fps 10 \
      --seconds "$SECONDS_EACH" --json
  done
  if [ "$TRT_OK" = true ]; then
    step bench-cameras-tensorrt-16 60 "$NODE" bin/watcher.mjs bench cameras --provider tensorrt --cameras 16 \
      --source "$SRC" ${MODEL:+--model "$MODEL"} --detect-size 640x360 --detect-fps 10 \
      --seconds "$SECONDS_EACH" --json
  fi
fi

summary gpu true provider "$PROVIDER" gpuName "${GPU_NAME:-unknown}" cudaStarted "$CUDA_OK" tensorrtStarted "$TRT_OK" \
  cudaBinaries "$INSTALL_HOW" benchCameras "$HAS_CAMERAS" model "${MODEL:-none}" seconds "$(elapsed)" \
  keptInstalledFiles "$([ "$KEEP" -eq 1 ] && echo true || echo false)"
exit 0
