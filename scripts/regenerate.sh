#!/usr/bin/env bash
# Regenerates Generated/ for the default design, every example config and the custom layer.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product hlsgen
swift build --product custom-layer
bin=$(swift build --show-bin-path)
rm -rf Generated
"$bin/hlsgen" generate --output Generated/default
for f in examples/*.json; do
  name=$(basename "$f" .json)
  "$bin/hlsgen" generate --config "$f" --output "Generated/$name"
done
"$bin/custom-layer" Generated/custom_layer
