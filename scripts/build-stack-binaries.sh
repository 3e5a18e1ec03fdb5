#!/usr/bin/env bash
# Builds the stack's real components for the end-to-end tests from the Go module proxy, into
# .cache/stack/bin, at the versions docker-compose.yml pins (same majors as the images):
#   otelcol-stack   collector built by ocb from otel-collector/builder-config.yaml (0.148.0)
#   prometheus, promtool        Prometheus v3.5.0 (module version v0.305.0)
#   alertmanager, amtool        Alertmanager v0.28.1
#   blackbox_exporter           blackbox exporter v0.27.0
#   thanos                      Thanos v0.40.1 (receive, query, rule: the scaled topology,
#                               docker-compose.scaled.yml)
#   compose-check               scripts/compose-check: loads docker-compose.yml as compose does
# A binary whose stamp matches its version is not rebuilt, so a warm machine skips all of it.
#
# IMPORTANT, found on these machines: `go install` fails for Prometheus (its go.mod has
# replace directives) and for the blackbox exporter (the proxy refuses its version list), so
# both are built inside their downloaded module; newer Alertmanager releases ship without
# their UI assets in the module and do not build. GOSUMDB=off: the checksum database is not
# reachable for every module here; the module proxy is the only source either way.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

COLLECTOR_VERSION=v0.148.0
PROMETHEUS_MODULE_VERSION=v0.305.0   # Prometheus 3.5.0
ALERTMANAGER_VERSION=v0.28.1
BLACKBOX_VERSION=v0.27.0
POSTGRES_EXPORTER_VERSION=v0.17.1
THANOS_VERSION=v0.40.1

BIN="$ROOT/.cache/stack/bin"
WORK="$ROOT/.cache/stack/work"
mkdir -p "$BIN" "$WORK"
export GOSUMDB=off GOFLAGS=-mod=mod GOTOOLCHAIN=local

command -v go >/dev/null || { echo "go is required to build the stack binaries (Go module proxy)" >&2; exit 1; }

fresh() { [ -x "$BIN/$1" ] && [ "$(cat "$BIN/$1.version" 2>/dev/null)" = "$2" ]; }
stamp() { echo "$2" > "$BIN/$1.version"; }
timed() { local started=$SECONDS; "$@"; echo "    (${1}: $((SECONDS - started)) s)" >&2; }

# Builds packages inside a downloaded module, honouring that module's own go.mod; the
# release version is stamped in so `--version` and build_info report it.
build_in_module() {
  local module=$1 version=$2 release=$3; shift 3
  local dir
  dir=$(go mod download -json "$module@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [ -d "$dir" ] || { echo "could not download $module@$version" >&2; exit 1; }
  (cd "$dir" && go build -trimpath ${BUILD_TAGS:+-tags "$BUILD_TAGS"} -ldflags "-X github.com/prometheus/common/version.Version=$release" -o "$BIN/" "$@")
}

# The manifest's hash is part of the stamp: adding or removing a component rebuilds.
COLLECTOR_STAMP="$COLLECTOR_VERSION-$(sha256sum otel-collector/builder-config.yaml | cut -c1-12)"
if ! fresh otelcol-stack "$COLLECTOR_STAMP"; then
  echo "--- collector $COLLECTOR_VERSION (ocb)" >&2
  GOBIN="$WORK/bin" timed go install "go.opentelemetry.io/collector/cmd/builder@$COLLECTOR_VERSION"
  (cd "$WORK" && timed "$WORK/bin/builder" --config "$ROOT/otel-collector/builder-config.yaml" >/dev/null)
  # Renamed into place: a collector still running from the old binary keeps its copy.
  cp "$WORK/otelcol-stack/otelcol-stack" "$BIN/otelcol-stack.new" && mv "$BIN/otelcol-stack.new" "$BIN/otelcol-stack"
  stamp otelcol-stack "$COLLECTOR_STAMP"
fi

if ! fresh prometheus "$PROMETHEUS_MODULE_VERSION"; then
  echo "--- prometheus (module $PROMETHEUS_MODULE_VERSION)" >&2
  timed build_in_module github.com/prometheus/prometheus "$PROMETHEUS_MODULE_VERSION" 3.5.0 ./cmd/prometheus ./cmd/promtool
  stamp prometheus "$PROMETHEUS_MODULE_VERSION"
fi

if ! fresh alertmanager "$ALERTMANAGER_VERSION"; then
  echo "--- alertmanager $ALERTMANAGER_VERSION" >&2
  timed build_in_module github.com/prometheus/alertmanager "$ALERTMANAGER_VERSION" "${ALERTMANAGER_VERSION#v}" ./cmd/alertmanager ./cmd/amtool
  stamp alertmanager "$ALERTMANAGER_VERSION"
fi

if ! fresh blackbox_exporter "$BLACKBOX_VERSION"; then
  echo "--- blackbox exporter $BLACKBOX_VERSION" >&2
  timed build_in_module github.com/prometheus/blackbox_exporter "$BLACKBOX_VERSION" "${BLACKBOX_VERSION#v}" .
  stamp blackbox_exporter "$BLACKBOX_VERSION"
fi

# IMPORTANT: the slicelabels tag is needed; without it a receiver panics on its first write.
if ! fresh thanos "$THANOS_VERSION"; then
  echo "--- thanos $THANOS_VERSION" >&2
  BUILD_TAGS=netgo,slicelabels timed build_in_module github.com/thanos-io/thanos "$THANOS_VERSION" "${THANOS_VERSION#v}" ./cmd/thanos
  stamp thanos "$THANOS_VERSION"
fi

if ! fresh postgres_exporter "$POSTGRES_EXPORTER_VERSION"; then
  echo "--- postgres exporter $POSTGRES_EXPORTER_VERSION" >&2
  timed build_in_module github.com/prometheus-community/postgres_exporter "$POSTGRES_EXPORTER_VERSION" "${POSTGRES_EXPORTER_VERSION#v}" ./cmd/postgres_exporter
  stamp postgres_exporter "$POSTGRES_EXPORTER_VERSION"
fi

# Our own tool: rebuilt whenever its source changes.
COMPOSE_CHECK_SOURCE=$(cat scripts/compose-check/main.go scripts/compose-check/go.mod scripts/compose-check/go.sum | sha256sum | cut -c1-16)
if ! fresh compose-check "$COMPOSE_CHECK_SOURCE"; then
  echo "--- compose-check" >&2
  (cd scripts/compose-check && timed go build -trimpath -o "$BIN/compose-check" .)
  stamp compose-check "$COMPOSE_CHECK_SOURCE"
fi

ls -1 "$BIN" | grep -v '\.version$' >&2
