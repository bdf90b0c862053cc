#!/usr/bin/env bash
# The zkzeo load tool against a Python ZEO 5 server and a zkzeo server, both over a FileStorage, in one run;
# prints both tables, zkzeo/Python ratios of objects per second per phase, and Python/zkzeo ratios of the server
# processes' processor time per object (> 1: the zkzeo server needs less).
# Options: CLIENTS (default 1,4,8), OBJECTS (default 100), ROUNDS (default 10), DURATION (e.g. 20s: rounds go on
# until it has passed; overrides ROUNDS), WARMUP (default 10s: an unmeasured run first, in the load tool's JVM,
# so that the measured runs find the client's and the zkzeo server's code compiled, as in a long-running
# deployment; 0 skips it), OUT (JSON folder).
set -euo pipefail
source "$(dirname "$0")/common.sh"
setup_python

CLIENTS="${CLIENTS:-1,4,8}"
OBJECTS="${OBJECTS:-100}"
ROUNDS="${ROUNDS:-10}"
DURATION="${DURATION:-}"
WARMUP="${WARMUP:-10s}"
OUT="${OUT:-$WORK}"
mkdir -p "$OUT"

start_python_zeo python-zeo
start_zkzeo zkzeo --storage "file:$WORK/zkzeo.fs"

run_load() {
	local label="$1" port="$2" pid="$3"
	"$ROOT/bin/zkzeo" load --address "127.0.0.1:$port" --server-pid "$pid" --label "$label" --clients "$CLIENTS" \
		--objects-per-txn "$OBJECTS" --rounds "$ROUNDS" ${DURATION:+--duration "$DURATION"} \
		$([ "$WARMUP" != "0" ] && echo "--warmup $WARMUP") --json "$OUT/$label.json"
}

run_load python-zeo "$PYZEO_PORT" "$PYZEO_PID"
run_load zkzeo "$ZKZEO_PORT" "$ZKZEO_PID"

"$PYTHON" - "$OUT/python-zeo.json" "$OUT/zkzeo.json" <<'PY'
import json, sys
python, zkzeo = (json.load(open(path)) for path in sys.argv[1:3])
print('\nzkzeo server / Python ZEO server, objects per second (same zkzeo client, > 1: zkzeo faster);')
print('server processor microseconds per object, Python / zkzeo (> 1: zkzeo needs less)')
print('%-8s %-7s %12s %12s %7s %12s %12s %7s' % ('clients', 'phase', 'python', 'zkzeo', 'ratio', 'python us/o',
                                              'zkzeo us/o', 'ratio'))
for base, ours in zip(python['runs'], zkzeo['runs']):
    for phase, figures in base['phases'].items():
        a = figures['objectsPerSecond']
        b = ours['phases'][phase]['objectsPerSecond']
        ca = figures.get('serverCpuMicrosPerObject') or float('nan')
        cb = ours['phases'][phase].get('serverCpuMicrosPerObject') or float('nan')
        print('%-8d %-7s %12.0f %12.0f %7.2f %12.2f %12.2f %7.2f' % (base['clients'], phase, a, b,
              b / a if a else float('nan'), ca, cb, ca / cb if cb == cb and cb else float('nan')))
PY
