#!/usr/bin/env bash
# Starts clients/testing/fake_gateway.py on a free loopback port, runs clients/run_examples.sh
# against it with clients/testing/sample_receipt.png, and stops the fake again.
# Usage: clients/testing/run_examples_with_fake.sh      (PYTHON=... picks the interpreter; it needs
#        grpcio, grpcio-status, protobuf, googleapis-common-protos: the main .venv has them)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
LOG="$(mktemp)"
"$PYTHON" "$HERE/fake_gateway.py" --port 0 >"$LOG" 2>&1 &
FAKE_PID=$!
trap 'kill "$FAKE_PID" 2>/dev/null; wait "$FAKE_PID" 2>/dev/null; rm -f "$LOG"' EXIT
for _ in $(seq 100); do
  grep -q '^FAKE_GATEWAY_READY' "$LOG" && break
  kill -0 "$FAKE_PID" 2>/dev/null || { cat "$LOG" >&2; exit 1; }
  sleep 0.1
done
PORT="$(sed -n 's/^FAKE_GATEWAY_READY port=\([0-9]*\)$/\1/p' "$LOG")"
[[ -n "$PORT" ]] || { echo "fake gateway did not start" >&2; cat "$LOG" >&2; exit 1; }
echo "fake gateway on 127.0.0.1:$PORT (pid $FAKE_PID)"
"$HERE/../run_examples.sh" "127.0.0.1:$PORT" "$HERE/sample_receipt.png" "$@"
