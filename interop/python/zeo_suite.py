"""Runs ZEO 5.4's own storage test classes (ZEO.tests.testZEO) with a zkzeo server in place of ZEO's.

Usage: python3 zeo_suite.py [TestClassName[.checkMethod] ...]   (default: FileStorageTests MappingStorageTests)

Environment: ZKZEO_SERVE, the command that runs `zkzeo serve` (e.g. "java -cp ... io.zkzeo.tools.Tools serve").
ZEO's tests start a server per test through ZEO.tests.forker.start_zeo_server; that function is replaced
by one starting `zkzeo serve` on 127.0.0.1 port 0 over a fresh FileStorage (for <filestorage>) or a
MemoryStorage (for <mappingstorage>), with client conflict resolution, since a Java server cannot run
Python classes' _p_resolveConflict.
"""
import os
import shlex
import signal
import subprocess
import sys
import tempfile
import time
import unittest

import ZEO.tests.forker
import ZEO.tests.testZEO as testZEO

SERVE = shlex.split(os.environ['ZKZEO_SERVE'])
# ZODB's test bases move the temporary folder into each test's own folder and remove it afterwards; server
# folders (with their logs) go to a folder of their own that outlives the tests.
SERVER_ROOT = os.environ.get('ZKZEO_SUITE_SERVERS') or tempfile.mkdtemp(prefix='zkzeo-suite-servers')


def start_zkzeo_server(storage_conf=None, zeo_conf=None, *args, **kw):
    folder = tempfile.mkdtemp(prefix='server', dir=SERVER_ROOT)
    port_file = os.path.join(folder, 'port')
    if storage_conf and 'filestorage' in storage_conf:
        storage = 'file:' + os.path.join(folder, 'Data.fs')
    else:
        storage = 'memory'
    command = SERVE + ['--address', '127.0.0.1:0', '--port-file', port_file, '--storage', storage,
                       '--client-conflict-resolution']
    log = open(os.path.join(folder, 'server.log'), 'w')
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 60
    while not (os.path.exists(port_file) and os.path.getsize(port_file)):
        if process.poll() is not None or time.time() > deadline:
            raise RuntimeError('zkzeo server did not start: see ' + log.name)
        time.sleep(0.05)
    with open(port_file) as f:
        port = int(f.read())

    def stop(stop_timeout=None):
        process.terminate()
        process.wait(30)
        log.close()

    return ('127.0.0.1', port), stop


ZEO.tests.forker.start_zeo_server = start_zkzeo_server
testZEO.forker.start_zeo_server = start_zkzeo_server


TEST_TIME_LIMIT = int(os.environ.get('ZKZEO_SUITE_TEST_SECONDS', '90'))


class TestTimedOut(Exception):
    pass


def _timed_out(signum, frame):
    raise TestTimedOut('test ran longer than %d s' % TEST_TIME_LIMIT)


class TimeLimitedResult(unittest.TextTestResult):
    """Ends a test that runs longer than the limit with an error, so one hang does not stop the suite."""

    def startTest(self, test):
        signal.alarm(TEST_TIME_LIMIT)
        super(TimeLimitedResult, self).startTest(test)

    def stopTest(self, test):
        signal.alarm(0)
        super(TimeLimitedResult, self).stopTest(test)


def main():
    signal.signal(signal.SIGALRM, _timed_out)
    names = sys.argv[1:] or ['FileStorageTests', 'MappingStorageTests']
    suite = unittest.TestSuite()
    loader = unittest.TestLoader()
    loader.testMethodPrefix = 'check'
    for name in names:
        if '.' in name:
            suite.addTests(loader.loadTestsFromName(name, testZEO))
        else:
            suite.addTests(loader.loadTestsFromTestCase(getattr(testZEO, name)))
    os.chdir(tempfile.mkdtemp(prefix='zkzeo-suite-cwd'))
    result = unittest.TextTestRunner(verbosity=2, stream=sys.stdout, resultclass=TimeLimitedResult).run(suite)
    failed = len(result.failures) + len(result.errors)
    print('ZEO suite %s against zkzeo: %d passed, %d failed' % (
        ','.join(names), result.testsRun - failed - len(result.skipped), failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
