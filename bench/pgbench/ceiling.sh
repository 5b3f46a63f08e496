#!/usr/bin/env bash
# The PostgreSQL ceiling: runs the pgbench script of each action (the SQL Countersign runs for it, see the .sql
# files) against the benchmark database, and writes <work>/runs/ceiling-<scenario>.json.
# Usage: ceiling.sh <work dir> <database> <users> <seconds> "<scenarios>"   (CEILING_CLIENTS, default 20 = the
# application's connection pool)
set -euo pipefail
DIR="$(cd "$(dirname "$0")" && pwd)"
WORK=$1 DB=$2 USERS=$3 SECONDS_PER_RUN=$4 SCENARIOS=$5
CLIENTS=${CEILING_CLIENTS:-20}
mkdir -p "$WORK/pgbench"
group_size() { echo $(((USERS - 1 - $1) / 10 + 1)); }

psql -d "$DB" -qAt >/dev/null <<'SQL'
drop table if exists bench_verify, bench_reset;
create table bench_verify as select (row_number() over (order by id))::int as n, id, user_id, selector from challenges where purpose = 'verify';
create table bench_reset as select (row_number() over (order by id))::int as n, id, user_id, selector from challenges where purpose = 'reset';
alter table bench_verify add primary key (n);
alter table bench_reset add primary key (n);
analyze bench_verify; analyze bench_reset;
SQL
nverify=$(psql -d "$DB" -Atc "select count(*) from bench_verify")
nreset=$(psql -d "$DB" -Atc "select count(*) from bench_reset")

for s in $SCENARIOS; do
    [[ -f $DIR/$s.sql ]] || continue
    rm -f "$WORK/pgbench/$s".*
    psql -d "$DB" -qc "vacuum analyze" # as before each application run (bench/run.sh: autovacuum may be off)
    echo "[ceiling] $s: pgbench -M prepared -c $CLIENTS -j 2 -T $SECONDS_PER_RUN" >&2
    pgbench -n -M prepared -c "$CLIENTS" -j 2 -T "$SECONDS_PER_RUN" -f "$DIR/$s.sql" \
        -D clients="$CLIENTS" -D g0="$(group_size 0)" -D g1="$(group_size 1)" -D g7="$(group_size 7)" -D nverify="$nverify" -D nreset="$nreset" \
        -l --log-prefix="$WORK/pgbench/$s" "$DB" >"$WORK/runs/ceiling-$s.txt" 2>&1 || { tail -5 "$WORK/runs/ceiling-$s.txt" >&2; continue; }
    python3 - "$WORK" "$s" "$(cat /proc/loadavg)" <<'PY'
import glob, json, re, sys
work, s, load = sys.argv[1], sys.argv[2], sys.argv[3]
text = open(f"{work}/runs/ceiling-{s}.txt").read()
tps = float(re.search(r"tps = ([0-9.]+)", text).group(1))
failed = re.search(r"number of failed transactions: (\d+)", text)
lat = []
for f in glob.glob(f"{work}/pgbench/{s}.*"):
    for line in open(f):
        parts = line.split()
        if len(parts) >= 3 and parts[2].isdigit():
            lat.append(int(parts[2]) / 1000.0)
lat.sort()
pct = lambda p: lat[min(len(lat) - 1, int(p / 100.0 * len(lat)))] if lat else None
r = {"tps": tps, "transactions": len(lat), "failed": int(failed.group(1)) if failed else 0,
     "p50_ms": pct(50), "p99_ms": pct(99), "loadavg": " ".join(load.split()[:3])}
json.dump(r, open(f"{work}/runs/ceiling-{s}.json", "w"))
print(f"[ceiling] {s}: {tps:.0f} tps, p50 {r['p50_ms']:.2f} ms, p99 {r['p99_ms']:.2f} ms", file=sys.stderr)
PY
    rm -f "$WORK/pgbench/$s".*
    psql -d "$DB" -qc "vacuum analyze" # as before each application run (bench/run.sh: autovacuum may be off)
done
psql -d "$DB" -qc "drop table if exists bench_verify, bench_reset" >/dev/null
