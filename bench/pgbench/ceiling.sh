#!/usr/bin/env bash
# The PostgreSQL ceiling: runs the pgbench script of each action (the SQL Countersign runs for it, see the .sql
# files) against the benchmark database, and writes <work>/runs/ceiling-<scenario>.json; then the fixed
# DESIGN-shaped script of the action, when there is one (design/, see design/README.md), to
# <work>/runs/ceiling-design-<scenario>.json.
# Usage: ceiling.sh <work dir> <database> <users> <seconds> "<scenarios>"   (CEILING_CLIENTS, default 20 = the
# application's connection pool)
set -euo pipefail
DIR="$(cd "$(dirname "$0")" && pwd)"
WORK=$1 DB=$2 USERS=$3 SECONDS_PER_RUN=$4 SCENARIOS=$5
CLIENTS=${CEILING_CLIENTS:-20}
mkdir -p "$WORK/pgbench"
group_size() { echo $(((USERS - 1 - $1) / 10 + 1)); }

# A claimed challenge is no longer live, so verify and reset claim each challenge once: before each of their runs the
# newest challenge of the purpose of every account that has one is made live again (and a verified account unverified
# with a password again), numbered 1..N in bench_<purpose>, and each client runs N / clients transactions, each on its own
# challenge (pgbench -t instead of -T; the run is as short as the application's, which spends its tokens likewise).
arm() { # purpose
    psql -d "$DB" -qAt >/dev/null <<SQL
drop table if exists bench_$1;
create table bench_$1 as
  select (row_number() over (order by id))::int as n, id, user_id, selector, verifier_hash
  from (select distinct on (user_id) id, user_id, selector, verifier_hash from challenges where purpose = '$1'
        order by user_id, created_at desc) newest;
alter table bench_$1 add primary key (n);
update challenges c set consumed_at = null, ended_reason = null, attempts_left = 5, code_attempts_left = 5,
       expires_at = now() + interval '1 day'
  from bench_$1 b where c.id = b.id and (c.consumed_at is not null or c.attempts_left < 5);
$([[ $1 == verify ]] && echo "update users u set is_verified = false, password_hash = coalesce(u.password_hash, '\$cs1\$armed')
  from bench_verify b where u.id = b.user_id;")
analyze bench_$1; analyze challenges; analyze users;
SQL
    psql -d "$DB" -Atc "select count(*) from bench_$1"
}

run() { # name script scenario
    local name=$1 script=$2 s=$3 limit n
    rm -f "$WORK/pgbench/$name".*
    psql -d "$DB" -qc "vacuum analyze" # as before each application run (bench/run.sh: autovacuum may be off)
    case $s in
        verify | reset) n=$(arm "$s"); limit="-t $((n / CLIENTS))" ;;
        *) limit="-T $SECONDS_PER_RUN" ;;
    esac
    echo "[ceiling] $name: pgbench -M prepared -c $CLIENTS -j 2 $limit" >&2
    # shellcheck disable=SC2086 # $limit is two words
    pgbench -n -M prepared -c "$CLIENTS" -j 2 $limit -f "$script" \
        -D clients="$CLIENTS" -D k=0 -D g0="$(group_size 0)" -D g1="$(group_size 1)" -D g7="$(group_size 7)" \
        -l --log-prefix="$WORK/pgbench/$name" "$DB" >"$WORK/runs/ceiling-$name.txt" 2>&1 || { tail -5 "$WORK/runs/ceiling-$name.txt" >&2; return 0; }
    python3 - "$WORK" "$name" "$(cat /proc/loadavg)" <<'PY'
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
print(f"[ceiling] {s}: {tps:.0f} tps, p50 {r['p50_ms']:.2f} ms, p99 {r['p99_ms']:.2f} ms ({r['transactions']} transactions)", file=sys.stderr)
PY
    rm -f "$WORK/pgbench/$name".*
    psql -d "$DB" -qc "vacuum analyze"
}

for s in $SCENARIOS; do
    [[ -f $DIR/$s.sql ]] && run "$s" "$DIR/$s.sql" "$s"
    [[ -f $DIR/design/$s.sql ]] && run "design-$s" "$DIR/design/$s.sql" "$s"
done
psql -d "$DB" -qc "drop table if exists bench_verify, bench_reset" >/dev/null
