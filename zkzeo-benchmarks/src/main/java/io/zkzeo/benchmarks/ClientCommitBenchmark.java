package io.zkzeo.benchmarks;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import io.zkzeo.client.ClientOptions;
import io.zkzeo.client.ClientStorage;
import io.zkzeo.server.ServerOptions;
import io.zkzeo.server.StorageServer;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TransactionMetaData;
import io.zkzeo.storage.memory.MemoryStorage;
import io.zkzeo.storage.memory.MemoryStorageOptions;

/**
 * Commits of 10 new objects through {@link ClientStorage}s to a storage server on 127.0.0.1 (in this JVM, over a
 * MemoryStorage, so that the network path and the commit lock are what is measured), from 4 threads with a client
 * storage each. {@code onePhase} announces the finish before the vote ({@link ClientStorage#finishAfterVote}), as
 * the DB does for a transaction with one connection; without it (the baseline, in the same run) the committing
 * thread sends {@code tpc_finish} itself once woken by the vote's reply, while the server holds the commit lock.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
@Threads(4)
@State(Scope.Benchmark)
public class ClientCommitBenchmark {

	private static final int OBJECTS = 10;

	@Param({ "true", "false" })
	boolean onePhase;

	private MemoryStorage storage;

	private StorageServer server;

	@Setup(Level.Trial)
	public void start() {
		this.storage = new MemoryStorage(MemoryStorageOptions.defaults());
		this.server = new StorageServer(ServerOptions.of(this.storage)).start();
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.server.close();
		this.storage.close();
	}

	/** One thread's client storage. */
	@State(Scope.Thread)
	public static class Client {

		ClientStorage storage;

		@Setup(Level.Trial)
		public void connect(ClientCommitBenchmark benchmark) {
			InetSocketAddress address = benchmark.server.boundAddress();
			this.storage = new ClientStorage(ClientOptions.of(address));
		}

		@TearDown(Level.Trial)
		public void close() {
			this.storage.close();
		}

	}

	@Benchmark
	public Tid commit(Client client) {
		ClientStorage storage = client.storage;
		TransactionMetaData txn = TransactionMetaData.of("/ bench", "client commit");
		storage.tpcBegin(txn);
		for (Oid oid : storage.newOids(OBJECTS)) {
			storage.store(oid, Tid.ZERO, SampleRecords.PERSISTENT_MAPPING, txn);
		}
		if (this.onePhase) {
			storage.finishAfterVote(txn);
		}
		storage.vote(txn);
		return storage.tpcFinish(txn);
	}

}
