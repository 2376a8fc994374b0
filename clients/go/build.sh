#!/usr/bin/env bash
# Builds clients/go fully offline against Debian's Go packages (no module proxy, no network).
#
# Usage: clients/go/build.sh [OUT_DIR]      (default OUT_DIR: clients/go/bin)
#
# How: Debian installs Go library sources under /usr/share/gocode/src (golang-google-grpc-dev,
# golang-google-protobuf-dev, golang-google-genproto-dev, golang-github-golang-protobuf-1-5-dev,
# golang-golang-x-{net,sys,text}-dev). This script copies the module to a work folder, adds a
# vendor/ folder whose entries are symlinks into /usr/share/gocode/src plus a vendor/modules.txt
# that matches go.mod, and builds with GOFLAGS=-mod=vendor GOPROXY=off GOSUMDB=off, so the Go tool
# never looks for a module download (and go.sum is not needed). Nothing is written to the repo
# except OUT_DIR.
#
# With network access you can instead build the usual way: `go mod tidy && go build ./...`.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="${1:-$HERE/bin}"
GOCODE="${GOCODE:-/usr/share/gocode/src}"

command -v go >/dev/null || { echo "missing go: run clients/setup_toolchains.sh" >&2; exit 1; }
[[ -d "$GOCODE/google.golang.org/grpc" ]] || { echo "missing $GOCODE/google.golang.org/grpc: run clients/setup_toolchains.sh" >&2; exit 1; }

# The module is copied to a folder that stays the same for this checkout, not a new temporary
# one: Go's build cache keys on package folders, so a new folder recompiled grpc-go on every build
# (about 25 s of CPU instead of 1). A lock keeps two builds of one checkout apart.
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/clova-ocr-gateway"
WORK="$CACHE/go-build-$(printf '%s' "$HERE" | sha256sum | cut -c1-16)"
mkdir -p "$CACHE"
exec 9>"$WORK.lock"
flock 9
rm -rf "$WORK"
MOD="$WORK/mod"
mkdir -p "$MOD"
cp -R "$HERE/go.mod" "$HERE/gen" "$HERE/cmd" "$MOD/"

# Every module required by go.mod becomes vendor/<module path> -> $GOCODE/<module path>, and a
# "# <module> <version>" + "## explicit; go <version>" entry in vendor/modules.txt (that is all
# the consistency check of -mod=vendor compares with go.mod).
mkdir -p "$MOD/vendor"
: >"$MOD/vendor/modules.txt"
while read -r path version; do
  src="$GOCODE/$path"
  [[ -d "$src" ]] || { echo "missing Debian Go sources for $path in $GOCODE" >&2; exit 1; }
  mkdir -p "$MOD/vendor/$(dirname "$path")"
  ln -s "$src" "$MOD/vendor/$path"
  gover="$(sed -n 's/^go \([0-9.]*\)$/\1/p' "$src/go.mod" 2>/dev/null || true)"
  {
    echo "# $path $version"
    echo "## explicit${gover:+; go $gover}"
  } >>"$MOD/vendor/modules.txt"
done < <(awk '/^require \(/{r=1;next} r&&/^\)/{r=0} r&&NF>=2{print $1, $2} /^require [^(]/{print $2, $3}' "$MOD/go.mod")

export GOFLAGS=-mod=vendor GOPROXY=off GOSUMDB=off GOWORK=off GOTOOLCHAIN=local CGO_ENABLED=0
export GOCACHE="${GOCACHE:-$HOME/.cache/go-build}"
mkdir -p "$OUT"
(
  cd "$MOD"
  go vet ./...
  go build -trimpath -o "$OUT/recognize-receipt" ./cmd/recognize-receipt
)
echo "built $OUT/recognize-receipt ($(go version | cut -d' ' -f3))"
