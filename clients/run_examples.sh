#!/usr/bin/env bash
# Builds the Go and Node examples and runs them against a running gateway:
#   1. success: RecognizeReceipt with FILE          -> output must contain "store="
#   2. failure: RecognizeReceipt with an empty image -> exit status != 0 and a line
#      "code=<EXPECTED_CODE> reason=<EXPECTED_REASON> clova_code=..."
#   3. with DOCUMENT set (a multi-page PDF or TIFF of DOCUMENT_PAGES pages): RecognizeDocument
#      -> exit status 0 and one "page=<n>/<DOCUMENT_PAGES> code=OK store=..." line per page
#
# Usage: clients/run_examples.sh ADDR FILE [EXPECTED_REASON]
#   ADDR             gateway host:port (plaintext), e.g. 127.0.0.1:50051
#   FILE             a receipt image (e.g. clients/testing/sample_receipt.png with the emulator)
#   EXPECTED_REASON  ErrorInfo reason of the empty-image call (default INVALID_IMAGE)
# Environment: EXPECTED_CODE (default INVALID_ARGUMENT; empty: not checked),
#              DOCUMENT and DOCUMENT_PAGES (default: no document case),
#              WITH_JAVA=1 also builds and runs the Java example (needs setup_toolchains.sh --java),
#              AUTH_ADDR, AUTH_ARGS, AUTH_BAD_ARGS, AUTH_BAD_REASON: also call a gateway with
#                TLS/authentication at AUTH_ADDR, once with AUTH_ARGS (e.g. "--ca-file ca.pem
#                --cert-file c.pem --key-file k.pem --token-file token": must succeed) and once
#                with AUTH_BAD_ARGS (must fail with code=UNAUTHENTICATED reason=AUTH_BAD_REASON).
# Needs clients/setup_toolchains.sh to have run (Go toolchain, node_modules).
set -uo pipefail

if (($# < 2 || $# > 3)); then
  sed -n '2,20p' "$0" >&2
  exit 2
fi
ADDR="$1"
FILE="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"
EXPECTED_REASON="${3:-INVALID_IMAGE}"
EXPECTED_CODE="${EXPECTED_CODE-INVALID_ARGUMENT}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
[[ -f "$FILE" ]] || { echo "no such file: $FILE" >&2; exit 2; }
: >"$WORK/empty.png"

passed=0
failed=0
read -ra AUTH_OK <<<"${AUTH_ARGS:-}"
read -ra AUTH_BAD <<<"${AUTH_BAD_ARGS:-}"
ok() { echo "PASS $1"; passed=$((passed + 1)); }
bad() { echo "FAIL $1" >&2; failed=$((failed + 1)); }

# run_case NAME EXPECT(success|failure) COMMAND...
run_case() {
  local name="$1" expect="$2"; shift 2
  local out rc
  out="$("$@" 2>&1)"; rc=$?
  printf '%s\n' "$out" | sed "s/^/  [$name] /"
  if [[ "$expect" == success ]]; then
    if ((rc == 0)) && grep -q '^store=' <<<"$out"; then ok "$name"; else bad "$name (exit $rc, want 0 and store=)"; fi
  else
    local want="reason=${EXPECTED_REASON} "
    [[ -n "$EXPECTED_CODE" ]] && want="code=${EXPECTED_CODE} ${want}"
    if ((rc != 0)) && grep -q -- "$want" <<<"$out" && grep -q '^code=' <<<"$out"; then
      ok "$name"
    else
      bad "$name (exit $rc, want non-zero and '${want}')"
    fi
  fi
}

# run_auth_cases LANG COMMAND...: the same example against AUTH_ADDR with good and bad credentials.
run_auth_cases() {
  local lang="$1"; shift
  [[ -n "${AUTH_ADDR:-}" ]] || return 0
  run_case "$lang tls+auth" success "$@" --addr "$AUTH_ADDR" --file "$FILE" "${AUTH_OK[@]}"
  local saved_reason="$EXPECTED_REASON" saved_code="$EXPECTED_CODE"
  EXPECTED_REASON="${AUTH_BAD_REASON:-CREDENTIALS_INVALID}" EXPECTED_CODE=UNAUTHENTICATED
  run_case "$lang tls+bad credential" failure "$@" --addr "$AUTH_ADDR" --file "$FILE" "${AUTH_BAD[@]}"
  EXPECTED_REASON="$saved_reason" EXPECTED_CODE="$saved_code"
}

# run_document_case NAME COMMAND...: exit 0 and one OK line per page of DOCUMENT
run_document_case() {
  local name="$1"; shift
  local out rc pages
  out="$("$@" 2>&1)"; rc=$?
  printf '%s\n' "$out" | sed "s/^/  [$name] /"
  pages="$(grep -c "^page=[0-9]*/${DOCUMENT_PAGES} code=OK store=" <<<"$out")"
  if ((rc == 0)) && ((pages == DOCUMENT_PAGES)); then ok "$name"; else bad "$name (exit $rc, $pages of ${DOCUMENT_PAGES} pages OK)"; fi
}

echo "== building the Go example"
if "$HERE/go/build.sh" "$WORK/go" >"$WORK/go-build.log" 2>&1; then
  GO_BIN="$WORK/go/recognize-receipt"
  # grpc-go < 1.41 (Debian 12 has 1.33) only applies the service config's retryPolicy with this.
  export GRPC_GO_RETRY=on
  run_case "go success" success "$GO_BIN" -addr "$ADDR" -file "$FILE"
  run_case "go empty image" failure "$GO_BIN" -addr "$ADDR" -file "$WORK/empty.png"
  run_auth_cases go "$GO_BIN"
  if [[ -n "${DOCUMENT:-}" ]]; then
    run_document_case "go document" "$GO_BIN" -addr "$ADDR" -file "$DOCUMENT" -document
  fi
else
  cat "$WORK/go-build.log" >&2
  bad "go build"
fi

echo "== Node example"
if [[ -d "$HERE/node/node_modules/@grpc/grpc-js" ]]; then
  run_case "node success" success node "$HERE/node/example.js" --addr "$ADDR" --file "$FILE"
  run_case "node empty image" failure node "$HERE/node/example.js" --addr "$ADDR" --file "$WORK/empty.png"
  run_auth_cases node node "$HERE/node/example.js"
  if [[ -n "${DOCUMENT:-}" ]]; then
    run_document_case "node document" node "$HERE/node/example.js" --addr "$ADDR" --file "$DOCUMENT" --document
  fi
else
  bad "node (clients/node/node_modules missing: run clients/setup_toolchains.sh)"
fi

if [[ "${WITH_JAVA:-0}" == 1 ]]; then
  echo "== building the Java example"
  if "$HERE/java/build.sh" "$WORK/java" >"$WORK/java-build.log" 2>&1; then
    run_case "java success" success "$WORK/java/recognize-receipt" --addr "$ADDR" --file "$FILE"
    run_case "java empty image" failure "$WORK/java/recognize-receipt" --addr "$ADDR" --file "$WORK/empty.png"
    run_auth_cases java "$WORK/java/recognize-receipt"
  else
    cat "$WORK/java-build.log" >&2
    bad "java build"
  fi
fi

echo "examples: ${passed} passed, ${failed} failed"
((failed == 0))
