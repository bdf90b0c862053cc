"""Hosts Python ZEO storage servers for zkzeo's client tests.

Each server is ZEO's own StorageServer, configured from a runzeo configuration file and run on its own
thread, as ZEO's test suite runs them; one Python process hosts many in turn, so a test does not pay for
starting an interpreter. Commands come one a line on standard input, answers go one a line to standard
output:

    start CONFIG   ->  started ID PORT      (or: error MESSAGE)
    stop ID        ->  stopped ID           (or: error MESSAGE)

The process stops every server and exits when its standard input ends.
"""
import sys
import threading
import traceback

from ZEO import runzeo

servers = {}


def start(config):
    options = runzeo.ZEOOptions()
    options.realize(['-C', config])
    server = runzeo.ZEOServer(options)
    server.open_storages()
    server.create_server()
    thread = threading.Thread(target=server.server.loop, kwargs=dict(timeout=.2), daemon=True)
    thread.start()
    key = str(len(servers) + 1)
    servers[key] = (server, thread)
    return key, server.server.acceptor.addr[1]


def stop(key):
    server, thread = servers.pop(key)
    server.server.close()
    thread.join(10)


def main():
    for line in sys.stdin:
        parts = line.split(None, 1)
        if not parts:
            continue
        try:
            if parts[0] == 'start':
                key, port = start(parts[1].strip())
                answer = 'started %s %d' % (key, port)
            elif parts[0] == 'stop':
                stop(parts[1].strip())
                answer = 'stopped ' + parts[1].strip()
            else:
                answer = 'error unknown command ' + parts[0]
        except BaseException as ex:
            traceback.print_exc()
            answer = 'error ' + repr(ex).replace('\n', ' ')
        sys.stdout.write(answer + '\n')
        sys.stdout.flush()
    for key in list(servers):
        stop(key)


if __name__ == '__main__':
    main()
