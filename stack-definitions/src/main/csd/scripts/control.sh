#!/usr/bin/env bash
# Cloudera Manager control script of the Tandem CSD.
#
# CM runs it in the role's process directory and exports CONF_DIR (holding the tandem-site.xml and
# log4j.properties CM generated). The process must stay in the foreground under CM's supervisor, so the
# launcher is exec'd: the same launcher and arguments as the Ambari start command.
set -euo pipefail

TANDEM_HOME="${TANDEM_HOME:-/usr/lib/tandem}"
LAUNCHER="$TANDEM_HOME/bin/tandem"

usage() {
  echo "usage: $(basename "$0") start" >&2
  exit 2
}

start() {
  : "${CONF_DIR:?CONF_DIR is not set: control.sh is run by Cloudera Manager}"
  if [[ ! -x "$LAUNCHER" ]]; then
    echo "Tandem launcher $LAUNCHER is missing or not executable; install the tandem package or set TANDEM_HOME" >&2
    exit 1
  fi
  local opts="-Dlog4j.configuration=file:$CONF_DIR/log4j.properties"
  if [[ -n "${TANDEM_HEAPSIZE_BYTES:-}" ]]; then
    local heap_mb=$(( TANDEM_HEAPSIZE_BYTES / 1048576 ))
    export TANDEM_HEAPSIZE="$heap_mb"
    opts="-Xms${heap_mb}m -Xmx${heap_mb}m $opts"
  fi
  if [[ -n "${TANDEM_LOG_DIR:-}" ]]; then
    opts="$opts -Dtandem.log.dir=$TANDEM_LOG_DIR"
  fi
  export TANDEM_CONF_DIR="$CONF_DIR"
  export TANDEM_OPTS="$opts ${TANDEM_OPTS:-}"
  exec "$LAUNCHER" server --conf-dir "$CONF_DIR"
}

case "${1:-}" in
  start) start ;;
  *) usage ;;
esac
