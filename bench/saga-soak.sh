#!/usr/bin/env bash
# Saga soak: the property test's trial (services/orders SagaTrial) back to back for SOAK_SECONDS (default 300):
# each trial a fresh shop (users, catalog, payments in-process; orders a real process, killed -9 and restarted
# 1-3 times), 12 clients x 8 orders retrying by Idempotency-Key, and loopback links to catalog and payments that
# lose answers, reset and delay requests. After each trial's faults end, the four saga invariants are checked
# from the services' APIs. Prints orders placed, faults applied, crashes and invariant violations (must be 0).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds=${SOAK_SECONDS:-300}
JAVA_HOME="$("$root/bin/find-jdk")"
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
cd "$root"
log=$(mktemp /tmp/faultline-saga-soak-XXXXXX.log)
echo "# Faultline saga soak — $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr), $(java -version 2>&1 | head -n 1)"
echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ), ${seconds} s of trials; full log: $log"
./mvnw -B -q -DskipTests install -pl services/orders -am > "$log" 2>&1
status=0
./mvnw -B -pl services/orders test -Dtest=SagaSoak -Dsurefire.failIfNoSpecifiedTests=false \
  -Dsoak.seconds="$seconds" ${SOAK_SEED:+-Dsoak.seed="$SOAK_SEED"} >> "$log" 2>&1 || status=$?
grep -E '^(soak trial|SAGA SOAK|VIOLATION)' "$log" || { tail -n 40 "$log"; exit 1; }
exit $status
