#!/usr/bin/env bash
# Validate the Prometheus alert rules: syntax (promtool check rules), behaviour (promtool test
# rules on deploy/prometheus/tests/*.yaml) and that the generated PrometheusRule is up to date.
# Needs promtool on PATH (Debian/Ubuntu package `prometheus`, or set PROMTOOL=/path/to/promtool).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

promtool="${PROMTOOL:-promtool}"
if ! command -v "$promtool" >/dev/null 2>&1; then
    echo "check_alerts: promtool not found (apt-get install prometheus, or set PROMTOOL)" >&2
    exit 127
fi
python="${PYTHON:-python3}"

"$promtool" check rules deploy/prometheus/clova-ocr-gateway.rules.yaml
"$promtool" test rules deploy/prometheus/tests/*.yaml
"$python" scripts/gen_prometheusrule.py --check
echo "check_alerts: OK"
