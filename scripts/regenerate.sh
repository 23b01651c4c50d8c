#!/usr/bin/env bash
# Regenerates Generated/ for the default design, every example config and the custom layer.
# SCRATCH=<folder> uses another build folder (swift build --scratch-path).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build ${SCRATCH:+--scratch-path "$SCRATCH"} --product hlsgen
swift build ${SCRATCH:+--scratch-path "$SCRATCH"} --product custom-layer
bin=$(swift build ${SCRATCH:+--scratch-path "$SCRATCH"} --show-bin-path)
rm -rf Generated
"$bin/hlsgen" generate --output Generated/default
for f in examples/*.json; do
  name=$(basename "$f" .json)
  "$bin/hlsgen" generate --config "$f" --output "Generated/$name"
done
"$bin/custom-layer" Generated/custom_layer
# The stories260K whole-model designs (needs ../shared/models; the test rebuilds them from
# the model's shape, so it checks them without the file).
models=${HLSGEN_MODELS_DIR:-../shared/models}
"$bin/hlsgen" generate --checkpoint "$models/stories260K.bin" --output Generated/stories260K-float-reference
"$bin/hlsgen" generate --checkpoint "$models/stories260K.bin" --quantize --group-size 4 --schedule hardware \
  --profile exact --output Generated/stories260K-q80-hardware-exact
"$bin/hlsgen" generate --checkpoint "$models/stories260K.bin" --quantize --group-size 4 --schedule hardware \
  --profile exact --engines 4 --output Generated/stories260K-q80-hardware-e4-exact
# The gpt2_tiny-shaped GPT-2 design (Q8_0, hardware schedule, exact profile). Its files depend
# only on the shape (the testbench makes its weights from the seed); the test rebuilds them
# from GPT2Shape, without the checkpoint file.
"$bin/hlsgen" generate --checkpoint "$models/gpt2_tiny.bin" --quantize --schedule hardware \
  --profile exact --output Generated/gpt2_tiny-q80-hardware-exact
# The same model split over 2 devices (GPT2Devices): one folder per device role (both devices
# hold equal slices of gpt2_tiny, so one kernel, device0-1/).
"$bin/hlsgen" generate --checkpoint "$models/gpt2_tiny.bin" --quantize --schedule hardware \
  --profile exact --devices 2 --output Generated/gpt2_tiny-q80-hardware-exact-d2
