package io.zkzeo.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import io.zkzeo.client.ClientStorage;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TransactionMetaData;
import io.zkzeo.storage.conformance.TestRecords;

/**
 * A well-behaved client running beside a fault: commits a counter, loads it back and checks it, over and
 * over, on its own thread. Every failure is kept, as is the latency of each commit-and-load.
 */
final class SteadyClient implements AutoCloseable {

	private final ClientStorage client;

	private final Thread thread;

	private volatile boolean stopped;

	final AtomicLong operations = new AtomicLong();

	final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();

	final List<Long> latencies = new ArrayList<>();

	SteadyClient(ClientStorage client) {
		this.client = client;
		this.thread = new Thread(this::run, "steady-client");
	}

	SteadyClient start() {
		this.thread.start();
		return this;
	}

	private void run() {
		try {
			// an oid far from those the recorded sessions name, so replayed commits do not touch it
			List<Oid> oids = this.client.newOids(5_000);
			Oid oid = oids.get(oids.size() - 1);
			Tid serial = Tid.ZERO;
			int value = 0;
			while (!this.stopped) {
				long started = System.nanoTime();
				value++;
				TransactionMetaData txn = TransactionMetaData.of("steady", "value " + value);
				this.client.tpcBegin(txn);
				this.client.store(oid, serial, TestRecords.counter(value), txn);
				this.client.vote(txn);
				serial = this.client.tpcFinish(txn);
				int loaded = TestRecords.value(this.client.load(oid).data());
				if (loaded != value) {
					throw new AssertionError("Loaded " + loaded + " after committing " + value);
				}
				synchronized (this.latencies) {
					this.latencies.add(System.nanoTime() - started);
				}
				this.operations.incrementAndGet();
			}
		}
		catch (Throwable ex) {
			this.failures.add(ex);
		}
	}

	List<Long> latencies() {
		synchronized (this.latencies) {
			return new ArrayList<>(this.latencies);
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.stopped = true;
		this.thread.join(60_000);
		if (this.thread.isAlive()) {
			this.failures.add(new AssertionError("The steady client did not stop"));
		}
	}

}
