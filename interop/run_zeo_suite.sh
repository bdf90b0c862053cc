#!/usr/bin/env bash
# ZEO 5.4's own storage tests (ZEO.tests.testZEO: FileStorageTests, MappingStorageTests by default) with a
# zkzeo server started for each test in place of ZEO's. Needs zope.testing (Debian: python3-zope.testing).
# Usage: interop/run_zeo_suite.sh [TestClassName[.checkMethod] ...]
# With ZKZEO_SUITE_ZOOKEEPER=host:port/path (an existing path) every server is started by `zkzeo zkrunzeo -C FILE`
# and registers in that ZooKeeper; without it, by `zkzeo serve`.
set -euo pipefail
source "$(dirname "$0")/common.sh"
setup_python

# ZODB's test helpers import the old `mock` package; the standard library's unittest.mock is the same API.
if ! "$PYTHON" -c 'import mock' 2>/dev/null; then
	mkdir -p "$WORK/shim"
	echo 'from unittest.mock import *  # noqa: F401,F403' >"$WORK/shim/mock.py"
	export PYTHONPATH="$PYTHONPATH:$WORK/shim"
fi
"$ROOT/bin/zkzeo" help >/dev/null  # builds zkzeo-core once, before the first test starts a server
export ZKZEO_SERVE="$ROOT/bin/zkzeo serve"
export ZKZEO_ZKRUNZEO="$ROOT/bin/zkzeo zkrunzeo"
cd "$WORK"
"$PYTHON" "$ROOT/interop/python/zeo_suite.py" "$@"
