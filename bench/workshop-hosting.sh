#!/usr/bin/env bash
# Whether an exercise teaches the same lesson on a one-JVM sandbox as on processes with JVMs of their own: runs the
# workshop's one-JVM system tests (WorkshopPart*IT) as the suite runs them (one-JVM sandboxes, three at once), then the
# same tests on JVMs of their own (-Dfaultline.it.own-jvms=true, two at once, as the suite ran them before), and prints
# every check of every exercise side by side: whether it held and the value it read, and each run's time.
# Each test writes its run's values to cli/target/workshop-runs/<hosting>/<exercise>.tsv.
# Needs a build (./mvnw -DskipTests install); takes about 15 minutes on 2 cores.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="$root/cli/target/workshop-runs"
rm -rf "$runs"
its=(-B -o -pl cli verify -Dit.test='WorkshopPart*IT' -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false)
echo "# Workshop exercises, one JVM against a JVM per process — $(nproc) cores, $(uname -sr), $(date -u +%FT%TZ)"
(cd "$root" && ./mvnw "${its[@]}" -Dit.forks=3 >/dev/null) || echo "(some one-JVM runs failed: see cli/target/failsafe-reports)"
(cd "$root" && ./mvnw "${its[@]}" -Dit.forks=2 -Dfaultline.it.own-jvms=true >/dev/null) \
  || echo "(some runs on JVMs of their own failed: see cli/target/failsafe-reports)"
python3 - "$runs" <<'PY'
import csv, os, sys
runs = sys.argv[1]
def read(way):
    found = {}
    folder = os.path.join(runs, way)
    for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
        for row in csv.reader(open(os.path.join(folder, name)), delimiter="\t"):
            found[(row[0], row[1])] = row[2:]
    return found
one, own = read("one_jvm"), read("jvm_per_process")
print("| exercise | check | one JVM | a JVM per process |")
print("|---|---|---|---|")
differ = 0
for key in sorted(set(one) | set(own), key=lambda k: (k[0], k[1] != "run", k[1])):
    a, b = one.get(key), own.get(key)
    show = lambda v: "-" if v is None else v[0] if key[1] == "run" else f"{v[1]} ({v[0]})"
    if key[1] != "run" and (a is None or b is None or a[0] != b[0]):
        differ += 1
    print(f"| {key[0]} | {key[1]} | {show(a)} | {show(b)} |")
print(f"\n{differ} checks came out differently (held in one way, not in the other, or missing)")
PY
