package io.zkzeo.reliability;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import io.zkzeo.client.ClientOptions;
import io.zkzeo.client.ClientStorage;
import io.zkzeo.server.ServerOptions;
import io.zkzeo.server.StorageServer;
import io.zkzeo.storage.file.FileStorage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A live server over a FileStorage fed bad frames by several fuzzers and stalled by slow senders, while a
 * well-behaved client commits and loads. The server must not crash or hang, its heap after collection
 * must stay under a bound, and the client must see no failure.
 */
final class WireFuzzScenario {

	private static final long HEAP_GROWTH_BOUND = 128L * 1024 * 1024;

	private final Path directory;

	private final long frames;

	private final int fuzzers;

	private final int slowSenders;

	WireFuzzScenario(Path directory, long frames, int fuzzers, int slowSenders) {
		this.directory = directory;
		this.frames = frames;
		this.fuzzers = fuzzers;
		this.slowSenders = slowSenders;
	}

	void run() throws Exception {
		List<byte[]> recorded = new ArrayList<>(RecordedFrames.clientBodies("vectors/zeo/zeo-m5-session.jsonl", "pack"));
		assertThat(recorded).isNotEmpty();
		try (FileStorage storage = FileStorage.open(this.directory.resolve("Data.fs"));
				StorageServer server = new StorageServer(
						ServerOptions.of(storage).withAddress("127.0.0.1", 0).withTransactionTimeout(Duration.ofSeconds(5)))
					.start()) {
			long baseline = Heap.usedAfterGc();
			long maxHeap = baseline;
			long started = System.nanoTime();
			AtomicLong total = new AtomicLong();
			List<WireFuzzer> fuzzers = new ArrayList<>();
			ConcurrentLinkedQueue<Throwable> fuzzerFailures = new ConcurrentLinkedQueue<>();
			List<Thread> threads = new ArrayList<>();
			try (ClientStorage client = new ClientStorage(ClientOptions.of(server.boundAddress()));
					SteadyClient steady = new SteadyClient(client).start();
					SlowSenders slow = new SlowSenders().open(server.boundAddress(), this.slowSenders)) {
				for (int i = 0; i < this.fuzzers; i++) {
					WireFuzzer fuzzer = new WireFuzzer(server.boundAddress(), recorded, i * 7919L + System.nanoTime());
					fuzzers.add(fuzzer);
					threads.add(new Thread(() -> {
						try {
							fuzzer.run(total, this.frames);
						}
						catch (Throwable ex) {
							fuzzerFailures.add(ex);
						}
					}, "wire-fuzzer-" + i));
				}
				threads.forEach(Thread::start);
				while (threads.stream().anyMatch(Thread::isAlive)) {
					threads.get(0).join(2_000);
					slow.trickle();
					maxHeap = Math.max(maxHeap, Heap.usedAfterGc());
					assertThat(server.isRunning()).isTrue();
				}
				steady.close();
				assertThat(fuzzerFailures).isEmpty();
				assertThat(steady.failures).as("the well-behaved client was not disturbed").isEmpty();
				assertThat(steady.operations.get()).isPositive();
				long seconds = Math.max(1, Duration.ofNanos(System.nanoTime() - started).toSeconds());
				long after = Heap.usedAfterGc();
				maxHeap = Math.max(maxHeap, after);
				new Figures("wire-fuzz").put("frames", total.get())
					.put("framesPerSecond", total.get() / seconds)
					.put("connections", fuzzers.stream().mapToLong((f) -> f.connections.get()).sum())
					.put("connectionErrors", fuzzers.stream().mapToLong((f) -> f.closedByServer.get()).sum())
					.put("slowSenders", slow.size())
					.put("slowSendersDropped", slow.dropped)
					.put("steadyOperations", steady.operations.get())
					.putLatencies("steadyCommitAndLoad", steady.latencies())
					.put("heapBaselineMB", Heap.megabytes(baseline))
					.put("heapMaxAfterGcMB", Heap.megabytes(maxHeap))
					.report();
				assertThat(total.get()).isGreaterThanOrEqualTo(this.frames);
				assertThat(maxHeap - baseline).as("heap growth after GC").isLessThan(HEAP_GROWTH_BOUND);
			}
			// still serving: a new client commits and loads
			try (ClientStorage client = new ClientStorage(ClientOptions.of(server.boundAddress()));
					SteadyClient again = new SteadyClient(client).start()) {
				Waiting.await("a new client completes an operation", () -> again.operations.get() > 0
						|| !again.failures.isEmpty());
				again.close();
				assertThat(again.failures).isEmpty();
			}
		}
	}

}
