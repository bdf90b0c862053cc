"""Drives a ZEO 5 server with Python's ZEO ClientStorage and ZODB and checks what comes back.

Usage: python3 client_check.py HOST:PORT [--label NAME]

Each check prints PASS or FAIL with a reason; the exit status is 1 when any check failed. Run it against a
Python ZEO server first: every check passes there, so a failure against another server is that server's.
"""
import argparse
import sys
import time
import traceback

import transaction
import ZODB
import ZODB.POSException
from BTrees.OOBTree import OOBTree
from persistent.mapping import PersistentMapping
from ZEO.ClientStorage import ClientStorage
from ZODB.utils import p64, u64

RESULTS = []


def check(name):
    def decorate(function):
        def run(*args):
            try:
                function(*args)
            except Exception as error:  # noqa: B902 - every failure is reported, not raised
                RESULTS.append((name, False, '%s: %s' % (type(error).__name__, error)))
                traceback.print_exc(file=sys.stderr)
            else:
                RESULTS.append((name, True, ''))
        run.check_name = name
        return run
    return decorate


class Clients(object):
    """Opens databases, each on its own ClientStorage with an empty cache."""

    def __init__(self, address):
        self.address = address
        self.opened = []

    def db(self):
        storage = ClientStorage(self.address, wait_timeout=10, server_sync=True)
        db = ZODB.DB(storage)
        self.opened.append(db)
        return db

    def close(self):
        for db in self.opened:
            db.close()


def fresh_key(prefix):
    return '%s-%d' % (prefix, int(time.time() * 1000000))


@check('commit and load through a second client')
def commit_and_load(clients):
    key = fresh_key('basic')
    db = clients.db()
    with db.transaction('interop commit') as conn:
        mapping = PersistentMapping()
        mapping['text'] = u'h\u00e9llo'
        mapping['bytes'] = b'\x00\x01\xff'
        mapping['number'] = 2 ** 40
        mapping['float'] = 1.5
        mapping['list'] = [1, (2, 3), {'a': None}]
        tree = OOBTree()
        for i in range(500):
            tree['k%04d' % i] = i
        mapping['tree'] = tree
        conn.root()[key] = mapping
    other = clients.db()
    with other.transaction() as conn:
        mapping = conn.root()[key]
        assert mapping['text'] == u'h\u00e9llo', mapping['text']
        assert mapping['bytes'] == b'\x00\x01\xff'
        assert mapping['number'] == 2 ** 40
        assert mapping['float'] == 1.5
        assert mapping['list'] == [1, (2, 3), {'a': None}], mapping['list']
        assert len(mapping['tree']) == 500
        assert mapping['tree']['k0499'] == 499


@check('large object (2 MB) round trip')
def large_object(clients):
    key = fresh_key('large')
    payload = bytes(bytearray(range(256))) * 8192
    db = clients.db()
    with db.transaction() as conn:
        conn.root()[key] = PersistentMapping({'payload': payload})
    with clients.db().transaction() as conn:
        assert conn.root()[key]['payload'] == payload


@check('invalidation reaches another client')
def invalidation(clients):
    key = fresh_key('inval')
    first, second = clients.db(), clients.db()
    with first.transaction() as conn:
        conn.root()[key] = PersistentMapping({'value': 1})
    conn2 = second.open()
    transaction.begin()  # opening does not sync with the server; a new transaction does
    assert conn2.root()[key]['value'] == 1
    transaction.commit()
    with first.transaction() as conn:
        conn.root()[key]['value'] = 2
    deadline = time.time() + 5
    while True:
        transaction.begin()
        if conn2.root()[key]['value'] == 2:
            break
        assert time.time() < deadline, 'second client still sees %r' % conn2.root()[key]['value']
        time.sleep(0.05)
    transaction.abort()
    conn2.close()


@check('write conflict raises ConflictError')
def write_conflict(clients):
    key = fresh_key('conflict')
    first, second = clients.db(), clients.db()
    with first.transaction() as conn:
        conn.root()[key] = PersistentMapping({'value': 0})
    tm1, tm2 = transaction.TransactionManager(), transaction.TransactionManager()
    conn1, conn2 = first.open(tm1), second.open(tm2)
    tm1.begin()  # opening does not sync with the server; a new transaction does
    tm2.begin()
    conn1.root()[key]['value'] = 1
    conn2.root()[key]['value'] = 2
    tm1.commit()
    try:
        tm2.commit()
    except ZODB.POSException.ConflictError:
        tm2.abort()
    else:
        raise AssertionError('second commit of the same object did not conflict')
    tm2.begin()
    assert conn2.root()[key]['value'] == 1
    tm2.abort()
    conn1.close()
    conn2.close()


@check('BTree conflict resolution (different keys in one bucket)')
def btree_resolution(clients):
    key = fresh_key('btree')
    first, second = clients.db(), clients.db()
    with first.transaction() as conn:
        tree = OOBTree()
        tree['a'] = 1
        conn.root()[key] = tree
    tm1, tm2 = transaction.TransactionManager(), transaction.TransactionManager()
    conn1, conn2 = first.open(tm1), second.open(tm2)
    tm1.begin()  # opening does not sync with the server; a new transaction does
    tm2.begin()
    conn1.root()[key]['b'] = 2
    conn2.root()[key]['c'] = 3
    tm1.commit()
    tm2.commit()
    with clients.db().transaction() as conn:
        assert dict(conn.root()[key].items()) == {'a': 1, 'b': 2, 'c': 3}, dict(conn.root()[key].items())
    conn1.close()
    conn2.close()


@check('read conflict via readCurrent')
def read_current(clients):
    key = fresh_key('readcurrent')
    first, second = clients.db(), clients.db()
    with first.transaction() as conn:
        conn.root()[key] = PersistentMapping({'a': 0})
        conn.root()[key + '-other'] = PersistentMapping({'b': 0})
    tm1, tm2 = transaction.TransactionManager(), transaction.TransactionManager()
    conn1, conn2 = first.open(tm1), second.open(tm2)
    tm1.begin()  # opening does not sync with the server; a new transaction does
    tm2.begin()
    watched = conn2.root()[key]
    watched._p_activate()
    conn2.readCurrent(watched)
    conn2.root()[key + '-other']['b'] = 1
    conn1.root()[key]['a'] = 1
    tm1.commit()
    try:
        tm2.commit()
    except ZODB.POSException.ConflictError:
        tm2.abort()
    else:
        raise AssertionError('commit after a changed readCurrent object did not conflict')
    conn1.close()
    conn2.close()


@check('abort leaves nothing behind')
def abort(clients):
    key = fresh_key('abort')
    db = clients.db()
    tm = transaction.TransactionManager()
    conn = db.open(tm)
    before = db.storage.lastTransaction()
    conn.root()[key] = PersistentMapping()
    tm.abort()
    tm.begin()
    assert key not in conn.root()
    assert db.storage.lastTransaction() == before
    tm.abort()
    conn.close()


@check('history, loadSerial and loadBefore')
def history(clients):
    key = fresh_key('history')
    db = clients.db()
    for value in (1, 2, 3):
        with db.transaction() as conn:
            if value == 1:
                conn.root()[key] = PersistentMapping({'value': value})
            else:
                conn.root()[key]['value'] = value
    with db.transaction() as conn:
        oid = conn.root()[key]._p_oid
    storage = clients.db().storage
    entries = storage.history(oid, size=10)
    assert len(entries) == 3, entries
    serials = [entry['tid'] for entry in entries]
    assert serials == sorted(serials, reverse=True), serials
    oldest = storage.loadSerial(oid, serials[-1])
    current, current_serial = storage.load(oid)
    assert current_serial == serials[0]
    assert oldest != current
    before = storage.loadBefore(oid, serials[0])
    assert before[1] == serials[1] and before[2] == serials[0], before


@check('undo restores the previous state')
def undo(clients):
    key = fresh_key('undo')
    db = clients.db()
    with db.transaction() as conn:
        conn.root()[key] = PersistentMapping({'value': 'first'})
    with db.transaction('change to undo') as conn:
        conn.root()[key]['value'] = 'second'
    log = db.undoLog(0, 5)
    assert log and log[0]['description'] == 'change to undo', log[:1]
    db.undo(log[0]['id'])
    transaction.commit()
    with clients.db().transaction() as conn:
        assert conn.root()[key]['value'] == 'first', conn.root()[key]['value']


@check('iterator over transactions and records')
def iteration(clients):
    key = fresh_key('iter')
    db = clients.db()
    marker = ('iteration marker ' + key).encode('ascii')
    with db.transaction(marker.decode('ascii')) as conn:
        conn.root()[key] = PersistentMapping({'value': 1})
    storage = db.storage
    last = storage.lastTransaction()
    count = 0
    found = False
    previous = b'\0' * 8
    for txn in storage.iterator():
        assert txn.tid > previous, 'tids out of order'
        previous = txn.tid
        count += 1
        records = list(txn)
        if txn.description == marker:
            found = True
            assert len(records) == 2, len(records)
            assert all(record.tid == txn.tid for record in records)
    assert found, 'marker transaction not iterated'
    assert previous == last, (previous, last)
    tail = list(storage.iterator(last))
    assert len(tail) == 1 and tail[0].tid == last, [t.tid for t in tail]
    assert count >= 2


@check('new oids, len, size, lastTransaction, server status')
def storage_calls(clients):
    storage = clients.db().storage
    oids = [storage.new_oid() for _ in range(3)]
    assert len(set(oids)) == 3 and all(len(oid) == 8 for oid in oids)
    assert len(storage) > 0
    assert storage.getSize() > 0
    assert len(storage.lastTransaction()) == 8
    status = storage.server_status()
    assert 'connections' in status, sorted(status)


@check('pack removes old revisions and unreachable objects')
def pack(clients):
    key = fresh_key('pack')
    db = clients.db()
    with db.transaction() as conn:
        conn.root()[key] = PersistentMapping({'value': 1, 'child': PersistentMapping({'x': 1})})
    with db.transaction() as conn:
        holder = conn.root()[key]
        oid = holder._p_oid
        child_oid = holder['child']._p_oid
        holder['value'] = 2
        del holder['child']
    time.sleep(0.01)
    db.pack()
    storage = clients.db().storage
    entries = storage.history(oid, size=10)
    assert len(entries) == 1, entries
    try:
        storage.load(child_oid)
    except ZODB.POSException.POSKeyError:
        pass
    else:
        raise AssertionError('unreachable object survived pack')
    with clients.db().transaction() as conn:
        assert conn.root()[key]['value'] == 2


CHECKS = [commit_and_load, large_object, invalidation, write_conflict, btree_resolution, read_current, abort,
          history, undo, iteration, storage_calls, pack]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('address', help='HOST:PORT of a ZEO 5 server')
    parser.add_argument('--label', default=None)
    options = parser.parse_args()
    host, port = options.address.rsplit(':', 1)
    clients = Clients((host, int(port)))
    try:
        for run in CHECKS:
            run(clients)
    finally:
        clients.close()
    label = options.label or options.address
    failed = 0
    for name, passed, reason in RESULTS:
        print('%s %s: %s%s' % ('PASS' if passed else 'FAIL', label, name, (' -- ' + reason) if reason else ''))
        failed += 0 if passed else 1
    print('%s: %d passed, %d failed' % (label, len(RESULTS) - failed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
