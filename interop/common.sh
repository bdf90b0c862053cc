# Shared by the interop scripts: the Python path to ZEO/ZODB source trees and starting/stopping servers.
# Source it; it sets ROOT, PYTHON, WORK and PYTHONPATH, and stops every server it started on exit.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-/usr/bin/python3}"
PY_SRC="${ZKZEO_PY_SRC:-}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/zkzeo-interop.XXXXXX")"
SERVER_PIDS=()

cleanup() {
	for pid in "${SERVER_PIDS[@]}"; do
		kill "$pid" 2>/dev/null || true
	done
	for pid in "${SERVER_PIDS[@]}"; do
		wait "$pid" 2>/dev/null || true
	done
	rm -rf "$WORK"
}
trap cleanup EXIT

# ZEO, ZODB, ZConfig and zdaemon from source trees: $ZKZEO_PY_SRC/{ZEO,ZODB,ZConfig,zdaemon}/src.
# persistent, BTrees, transaction, zodbpickle, zc.lockfile, zope.interface and six come from the
# interpreter's own packages (Debian: python3-persistent python3-btrees python3-transaction
# python3-zodbpickle python3-zc.lockfile python3-zope.interface python3-six python3-msgpack).
setup_python() {
	if [ -z "$PY_SRC" ] || [ ! -d "$PY_SRC/ZEO/src" ] || [ ! -d "$PY_SRC/ZODB/src" ]; then
		echo "interop: set ZKZEO_PY_SRC to a folder holding ZEO, ZODB, ZConfig and zdaemon source trees" >&2
		echo "         (see interop/README.md)" >&2
		exit 2
	fi
	# Source trees have no installed metadata; zdaemon and ZODB ask for their versions at import.
	local meta="$WORK/meta"
	local name version
	for entry in zdaemon:5.0 ZConfig:4.0 ZEO:5.4.1 ZODB:5.8.1; do
		name="${entry%%:*}"
		version="${entry##*:}"
		mkdir -p "$meta/$name-$version.dist-info"
		printf 'Metadata-Version: 2.1\nName: %s\nVersion: %s\n' "$name" "$version" \
			>"$meta/$name-$version.dist-info/METADATA"
	done
	export PYTHONPATH="$PY_SRC/ZEO/src:$PY_SRC/ZODB/src:$PY_SRC/ZConfig/src:$PY_SRC/zdaemon/src:$meta"
	"$PYTHON" -c 'import ZEO, ZODB, ZEO.runzeo' || {
		echo "interop: $PYTHON cannot import ZEO and ZODB from $PY_SRC" >&2
		exit 2
	}
}

free_port() {
	"$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_for_port() {
	local port="$1" name="$2"
	for _ in $(seq 1 300); do
		if "$PYTHON" -c "import socket; socket.create_connection(('127.0.0.1', $port), 0.2).close()" 2>/dev/null; then
			return 0
		fi
		sleep 0.2
	done
	echo "interop: $name did not listen on port $port" >&2
	exit 1
}

# start_zkzeo NAME [serve options...]: starts `bin/zkzeo serve`, sets ZKZEO_PORT.
start_zkzeo() {
	local name="$1"
	shift
	"$ROOT/bin/zkzeo" serve --address 127.0.0.1:0 --port-file "$WORK/$name.port" "$@" >"$WORK/$name.log" 2>&1 &
	SERVER_PIDS+=("$!")
	ZKZEO_PID="$!"
	for _ in $(seq 1 600); do
		[ -s "$WORK/$name.port" ] && break
		sleep 0.2
	done
	ZKZEO_PORT="$(cat "$WORK/$name.port" 2>/dev/null || true)"
	if [ -z "$ZKZEO_PORT" ]; then
		echo "interop: zkzeo server $name did not start; its log:" >&2
		cat "$WORK/$name.log" >&2
		exit 1
	fi
	echo "interop: zkzeo server $name on 127.0.0.1:$ZKZEO_PORT"
}

# start_python_zeo NAME [runzeo options...]: starts Python's runzeo over a FileStorage, sets PYZEO_PORT and PYZEO_PID.
start_python_zeo() {
	local name="$1"
	shift
	PYZEO_PORT="$(free_port)"
	mkdir -p "$WORK/$name"
	"$PYTHON" -m ZEO.runzeo -a "127.0.0.1:$PYZEO_PORT" -f "$WORK/$name/Data.fs" "$@" >"$WORK/$name.log" 2>&1 &
	SERVER_PIDS+=("$!")
	PYZEO_PID="$!"
	wait_for_port "$PYZEO_PORT" "Python ZEO server $name"
	echo "interop: Python ZEO server $name on 127.0.0.1:$PYZEO_PORT"
}
