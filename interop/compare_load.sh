#!/usr/bin/env bash
# The zkzeo load tool against a Python ZEO 5 server and a zkzeo server, both over a FileStorage, in one run;
# prints both tables, zkzeo/Python ratios of objects per second per phase, and Python/zkzeo ratios of the server
# processes' processor time per object (> 1: the zkzeo server needs less).
# Options: CLIENTS (default 1,4,8), OBJECTS (default 100), ROUNDS (default 10), DURATION (e.g. 20s: rounds go on
# until it has passed; overrides ROUNDS), WARMUP (default 10s: an unmeasured run first, in the load tool's JVM,
# so that the measured runs find the client's and the zkzeo server's code compiled, as in a long-running
# deployment; 0 skips it), REPEAT (default 1: how many times to run the pair, Python then zkzeo, one pair after
# the other; each pair gives its own ratios, and with several the medians are printed last, so that a slow spell
# of a shared machine falls on one pair rather than on one server), OUT (JSON folder).
set -euo pipefail
source "$(dirname "$0")/common.sh"
setup_python

CLIENTS="${CLIENTS:-1,4,8}"
OBJECTS="${OBJECTS:-100}"
ROUNDS="${ROUNDS:-10}"
DURATION="${DURATION:-}"
WARMUP="${WARMUP:-10s}"
REPEAT="${REPEAT:-1}"
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

labels=()
for pair in $(seq 1 "$REPEAT"); do
	suffix=$([ "$REPEAT" -gt 1 ] && echo "-$pair" || true)
	run_load "python-zeo$suffix" "$PYZEO_PORT" "$PYZEO_PID"
	run_load "zkzeo$suffix" "$ZKZEO_PORT" "$ZKZEO_PID"
	labels+=("$suffix")
done

"$PYTHON" - "$OUT" "${labels[@]}" <<'PY'
import json, statistics, sys
out, suffixes = sys.argv[1], sys.argv[2:]
nan = float('nan')
ratios = {}
for suffix in suffixes:
    python = json.load(open('%s/python-zeo%s.json' % (out, suffix)))
    zkzeo = json.load(open('%s/zkzeo%s.json' % (out, suffix)))
    print('\nzkzeo server / Python ZEO server%s, objects per second (same zkzeo client, > 1: zkzeo faster);'
          % ((' (pair %s)' % suffix[1:]) if suffix else ''))
    print('server processor microseconds per object, Python / zkzeo (> 1: zkzeo needs less)')
    print('%-8s %-7s %12s %12s %7s %12s %12s %7s' % ('clients', 'phase', 'python', 'zkzeo', 'ratio', 'python us/o',
                                                  'zkzeo us/o', 'ratio'))
    for base, ours in zip(python['runs'], zkzeo['runs']):
        for phase, figures in base['phases'].items():
            a = figures['objectsPerSecond']
            b = ours['phases'][phase]['objectsPerSecond']
            ca = figures.get('serverCpuMicrosPerObject') or nan
            cb = ours['phases'][phase].get('serverCpuMicrosPerObject') or nan
            ratio = b / a if a else nan
            time_ratio = ca / cb if cb == cb and cb else nan
            ratios.setdefault((base['clients'], phase), []).append((ratio, time_ratio))
            print('%-8d %-7s %12.0f %12.0f %7.2f %12.2f %12.2f %7.2f' % (base['clients'], phase, a, b, ratio, ca, cb,
                                                                     time_ratio))
if len(suffixes) > 1:
    print('\nmedians over %d pairs: objects per second zkzeo / Python, server time per object Python / zkzeo'
          % len(suffixes))
    print('%-8s %-7s %7s %7s   %s' % ('clients', 'phase', 'ratio', 'time', 'each pair'))
    for (clients, phase), values in ratios.items():
        print('%-8d %-7s %7.2f %7.2f   %s' % (clients, phase, statistics.median(v[0] for v in values),
                                           statistics.median(v[1] for v in values),
                                           ' '.join('%.2f' % v[0] for v in values)))
PY
