#!/usr/bin/env bash
# Python's ZEO ClientStorage and ZODB against a zkzeo server (msgpack and pickle encodings), with a Python
# ZEO server as the baseline. Prints PASS/FAIL per check; exit status 1 if any check failed.
set -euo pipefail
source "$(dirname "$0")/common.sh"
setup_python

status=0
start_python_zeo python-zeo
"$PYTHON" "$ROOT/interop/python/client_check.py" "127.0.0.1:$PYZEO_PORT" --label python-zeo || status=1

start_zkzeo zkzeo-m5 --storage "file:$WORK/zkzeo-m5.fs" --client-conflict-resolution
"$PYTHON" "$ROOT/interop/python/client_check.py" "127.0.0.1:$ZKZEO_PORT" --label zkzeo-msgpack || status=1

start_zkzeo zkzeo-z5 --storage "file:$WORK/zkzeo-z5.fs" --client-conflict-resolution --pickle
"$PYTHON" "$ROOT/interop/python/client_check.py" "127.0.0.1:$ZKZEO_PORT" --label zkzeo-pickle || status=1

# Python's fstest reads the Data.fs our server wrote.
kill "${SERVER_PIDS[-1]}" && wait "${SERVER_PIDS[-1]}" 2>/dev/null || true
if "$PYTHON" -m ZODB.scripts.fstest "$WORK/zkzeo-z5.fs"; then
	echo "PASS zkzeo-pickle: Python fstest accepts the Data.fs the zkzeo server wrote"
else
	echo "FAIL zkzeo-pickle: Python fstest rejects the Data.fs the zkzeo server wrote"
	status=1
fi
exit "$status"
