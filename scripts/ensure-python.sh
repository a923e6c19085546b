#!/usr/bin/env bash
# Installs Debian's Python packages for the Python lane (scripts/pytest.sh, models/requirements.txt)
# when PyTorch is missing, as ensure-chromium.sh does for Chromium. If the install cannot run (no apt,
# no root and no sudo), it says so and the lane prints why it is skipped.
set -uo pipefail
if /usr/bin/python3 -c 'import torch, onnx, numpy, PIL, scipy, pytest' >/dev/null 2>&1; then exit 0; fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "[ensure-python] no apt-get: install models/requirements.txt's packages by hand" >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "[ensure-python] not root and no sudo: cannot install Debian's python3-torch" >&2
    exit 0
  fi
fi
$SUDO apt-get update -qq &&
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    python3-torch python3-onnx python3-numpy python3-pil python3-scipy python3-pytest ||
  echo "[ensure-python] apt-get install failed: the Python lane will be skipped" >&2
exit 0
