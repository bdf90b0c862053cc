"""Runs ZEO 5.4's own storage test classes (ZEO.tests.testZEO) with a zkzeo server in place of ZEO's.

Usage: python3 zeo_suite.py [TestClassName[.checkMethod] ...]   (default: FileStorageTests MappingStorageTests)

Environment: ZKZEO_SERVE, the command that runs `zkzeo serve` (e.g. "java -cp ... io.zkzeo.tools.Tools serve");
with ZKZEO_SUITE_ZOOKEEPER (host:port/path, an existing path), servers start as deployed instead, by
ZKZEO_ZKRUNZEO (`zkzeo zkrunzeo`) with a configuration file registering them in that ZooKeeper.
ZEO's tests start a server per test through ZEO.tests.forker.start_zeo_server; that function is replaced
by one starting `zkzeo serve` on 127.0.0.1 port 0 over a fresh FileStorage (for <filestorage>) or a
MemoryStorage (for <mappingstorage>), with client conflict resolution, since a Java server cannot run
Python classes' _p_resolveConflict.
"""
import os
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest

import ZEO.tests.forker
import ZEO.tests.testZEO as testZEO

SERVE = shlex.split(os.environ['ZKZEO_SERVE'])
# With ZKZEO_SUITE_ZOOKEEPER (host:port/path, the path existing), servers are started as deployed:
# `zkzeo zkrunzeo -C FILE` with a <zookeeper> section, registering in that ZooKeeper.
ZOOKEEPER = os.environ.get('ZKZEO_SUITE_ZOOKEEPER')
ZKRUNZEO = shlex.split(os.environ.get('ZKZEO_ZKRUNZEO', ''))
# ZODB's test bases move the temporary folder into each test's own folder and remove it afterwards; server
# folders (with their logs) go to a folder of their own that outlives the tests.
SERVER_ROOT = os.environ.get('ZKZEO_SUITE_SERVERS') or tempfile.mkdtemp(prefix='zkzeo-suite-servers')


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def start_zkrunzeo_server(folder, file_storage):
    connection, _, path = ZOOKEEPER.partition('/')
    port = free_port()
    storage = ('<filestorage 1>\n  path %s\n</filestorage>\n' % os.path.join(folder, 'Data.fs')
               if file_storage else '<mappingstorage 1>\n</mappingstorage>\n')
    config = os.path.join(folder, 'zeo.conf')
    with open(config, 'w') as f:
        f.write('<zeo>\n  address 127.0.0.1:%d\n  client-conflict-resolution true\n</zeo>\n'
                '<zookeeper>\n  connection %s\n  path /%s\n</zookeeper>\n%s' % (port, connection, path, storage))
    log = open(os.path.join(folder, 'server.log'), 'w')
    process = subprocess.Popen(ZKRUNZEO + ['-C', config], stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 60
    while True:
        try:
            socket.create_connection(('127.0.0.1', port), 0.2).close()
            break
        except OSError:
            if process.poll() is not None or time.time() > deadline:
                raise RuntimeError('zkzeo zkrunzeo did not start: see ' + log.name)
            time.sleep(0.05)
    return port, process, log


def start_zkzeo_server(storage_conf=None, zeo_conf=None, *args, **kw):
    folder = tempfile.mkdtemp(prefix='server', dir=SERVER_ROOT)
    if ZOOKEEPER:
        port, process, log = start_zkrunzeo_server(folder, bool(storage_conf and 'filestorage' in storage_conf))

        def stop_zkrunzeo(stop_timeout=None):
            process.terminate()
            process.wait(30)
            log.close()

        return ('127.0.0.1', port), stop_zkrunzeo
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
