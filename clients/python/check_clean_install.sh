#!/usr/bin/env bash
# Installs the Python client into a brand-new virtualenv (from PyPI: grpcio, grpcio-status,
# protobuf, googleapis-common-protos, pytest) and runs its tests there, proving it needs none of
# the gateway's server-side packages.
#
# Usage: clients/python/check_clean_install.sh        (PYTHON=python3.12 to pick the interpreter)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PYTHON="${PYTHON:-python3}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

"$PYTHON" -m venv "$WORK/venv"
VPY="$WORK/venv/bin/python"
"$VPY" -m pip install --quiet --disable-pip-version-check --upgrade pip
# A copy of the project, so that the build leaves nothing (build/, *.egg-info) in the work tree.
mkdir -p "$WORK/src"
cp -R "$HERE/pyproject.toml" "$HERE/README.md" "$HERE/src" "$WORK/src/"
"$VPY" -m pip install --quiet --disable-pip-version-check "$WORK/src" pytest

cd "$WORK"
"$VPY" - <<'PY'
import importlib.util
import sys

forbidden = ["grpc_tools", "httpx", "structlog", "prometheus_client", "clova_ocr_gateway"]
present = [name for name in forbidden if importlib.util.find_spec(name) is not None]
if present:
    sys.exit(f"clean install drags in server-side packages: {present}")

import clova_ocr_client

if "site-packages" not in clova_ocr_client.__file__:
    sys.exit(f"clova_ocr_client imported from the work tree: {clova_ocr_client.__file__}")
import grpc, google.protobuf, grpc_status  # noqa: E401

print(
    f"clean install OK: clova_ocr_client {clova_ocr_client.__version__}, grpcio {grpc.__version__},"
    f" protobuf {google.protobuf.__version__}; not importable: {', '.join(forbidden)}"
)
PY
"$VPY" -m pip list --format=freeze --disable-pip-version-check | sed 's/^/  /'
"$VPY" -m pytest -q "$HERE/tests"
