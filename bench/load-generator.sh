#!/usr/bin/env bash
# Load generator: can one `faultline load` process hold a target arrival rate against the local sandbox?
# Starts an isolated sandbox (own state dir, ports +OFFSET), then for each target rate runs the generator for
# SECONDS_PER_RUN and prints the rate it sent against the target (sent / due, and sent per second / target), the
# worst scheduler lag, requests not sent because too many were in flight, and the client-side p50/p99.
# RATES and MIX are overridable; by default a read-heavy mix (the sandbox itself tops out on orders first).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rates=${RATES:-"1000 1500 2000 3000"}
seconds=${SECONDS_PER_RUN:-20}
offset=${PORT_OFFSET:-20500}  # below the ephemeral range, where the clients' own ports live
mix=${MIX:-"browse=50,view-product=50"}
state=$(mktemp -d /tmp/faultline-load-bench-XXXXXX)
fl() { "$root/faultline" "$@" --state-dir "$state" --port-offset "$offset"; }
trap 'fl down >/dev/null 2>&1 || true' EXIT

fl up >/dev/null
# Warm the sandbox's JIT first (not reported): a cold gateway answers slowly and briefly fills the in-flight cap.
fl load --rate 500 --duration 15s --mix "$mix" --quiet >/dev/null
echo "faultline load against the local sandbox, ${seconds} s per rate, mix ${mix}, $(nproc) cores"
printf '%8s %10s %10s %9s %9s %10s %10s %10s\n' TARGET SENT/S RATIO LAG_MS NOT_SENT OK_% P50 P99
for rate in $rates; do
  out=$(fl load --rate "$rate" --duration "${seconds}s" --mix "$mix" --quiet)
  sent=$(sed -n 's/^Sent \([0-9,]*\) of \([0-9,]*\) due in \([0-9.]*\) s: \([0-9.]*\)\/s.*(\([0-9.]*\)%); the scheduler fell behind by at most \([0-9]*\) ms.*/\4 \5 \6/p' <<<"$out")
  notsent=$(sed -n 's/.*; \([0-9]*\) were not sent.*/\1/p' <<<"$out"); notsent=${notsent:-0}
  all=$(awk '$1=="all" {print $4, $5" "$6, $9" "$10}' <<<"$out")
  read -r persec ratio lag <<<"$sent"
  read -r ok p50a p50b p99a p99b <<<"$all"
  printf '%8s %10s %9s%% %9s %9s %10s %10s %10s\n' "$rate" "$persec" "$ratio" "$lag" "$notsent" "$ok" "$p50a$p50b" "$p99a$p99b"
done
