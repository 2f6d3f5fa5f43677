#!/usr/bin/env bash
# Build every corpus with the kg source tree SRC into OUT, for bench/same.py to compare two trees' builds.
# usage: bench/same_output.sh SRC OUT   (corpora in $KG_CORPORA, default /tmp/kg-corpora: see bench/README.md)
set -euo pipefail
SRC=$(realpath "$1"); OUT=$(realpath -m "$2")
C=${KG_CORPORA:-/tmp/kg-corpora}
HERE=$(cd "$(dirname "$0")" && pwd)
PY=${PY:-$HERE/../.venv/bin/python}
rm -rf "$OUT" "$OUT.inc-cache"; mkdir -p "$OUT"
# one run at a time: the incremental step edits a copy of gen2000 kept at one path ($C/inc), since
# documents.jsonl records absolute input paths
exec 9>"$C/.same_output.lock"; flock 9
# -P: the working directory must not put another checkout's kg before SRC on sys.path
kg() { (cd / && PYTHONPATH=$SRC "$PY" -P -m kg.cli "$@"); }
run() { n=$1; shift; kg build "$@" -o "$OUT/$n" -q || [ $? = 1 ]; }
run sample "$C/sample"; run sample_j1 "$C/sample" -j 1
for c in seeds holdout other_cities realnews; do [ -d "$C/$c" ] && run $c "$C/$c"; done
run gen2000 "$C/gen2000"; run gen2000_j1 "$C/gen2000" -j 1
run sample_rules "$C/sample" --rules "$C/extra.yaml"; run sample_iri "$C/sample" --base-iri https://example.org/kg/
rm -rf "$C/inc" && cp -rL "$C/gen2000" "$C/inc"
kg build "$C/inc" -o "$OUT/inc" -q --incremental --cache-dir "$OUT.inc-cache"
printf '长春市双阳区引进项目12个。\n' > "$C/inc/zz.txt"
kg build "$C/inc" -o "$OUT/inc" -q --incremental --cache-dir "$OUT.inc-cache"
run inc_full "$C/inc"
mkdir -p "$OUT.cmd"
kg query "$OUT/sample" --list > "$OUT.cmd/list.txt"
for q in $(awk 'NF{print $1}' "$OUT.cmd/list.txt"); do kg query "$OUT/sample" -n "$q" --format csv > "$OUT.cmd/q_$q.csv"; done
kg validate "$OUT/sample" > "$OUT.cmd/validate.txt" || true
kg eval "$OUT/seeds" "$HERE/../../shared/gold/dev" --json > "$OUT.cmd/eval.json" 2>/dev/null || true
echo "built into $OUT (commands' output in $OUT.cmd)"
