package io.zkzeo.tools.load;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.ToLongFunction;

import io.zkzeo.client.ClientOptions;
import io.zkzeo.client.ClientStorage;
import io.zkzeo.db.DB;
import io.zkzeo.db.PersistentMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the phases for a number of concurrent clients, each on its own thread with its own client storage
 * and database. Every phase of a round starts on all clients together and ends when the last one is
 * done; that span is the phase's time. Before the cold read every client reopens its storage and database
 * (not timed), before the warm read it empties its object cache.
 */
final class LoadRun {

	private static final Logger logger = LoggerFactory.getLogger(LoadRun.class);

	private final InetSocketAddress address;

	private final LoadOptions options;

	private final ProcessCpu clientCpu;

	private final @Nullable ProcessCpu serverCpu;

	/**
	 * Creates a run.
	 * @param address the server
	 * @param options what to run
	 * @param serverCpu the server process's processor clock, or {@code null} not to measure it
	 */
	LoadRun(InetSocketAddress address, LoadOptions options, @Nullable ProcessCpu serverCpu) {
		this.address = address;
		this.options = options;
		this.clientCpu = ProcessCpu.self();
		this.serverCpu = serverCpu;
	}

	/**
	 * Runs the phases with some clients.
	 * @param clientCount how many clients run at once
	 * @return the figures
	 */
	RunFigures run(int clientCount) {
		String runKey = "zkzeo-load-" + System.currentTimeMillis() + "-" + clientCount;
		createContainers(runKey, clientCount);
		List<LoadClient> clients = new ArrayList<>();
		ExecutorService threads = Executors.newFixedThreadPool(clientCount, (task) -> {
			Thread thread = new Thread(task, "zkzeo-load-client");
			thread.setDaemon(true);
			return thread;
		});
		Map<Phase, Measure> measures = new EnumMap<>(Phase.class);
		for (Phase phase : Phase.values()) {
			measures.put(phase, new Measure());
		}
		try {
			for (int i = 0; i < clientCount; i++) {
				clients.add(new LoadClient(this.address, this.options.storageName(), runKey, "client-" + i,
						this.options.objectsPerTransaction(), this.options.waitTimeout()));
			}
			onAll(threads, clients, (client) -> {
				client.reopen();
				return 0;
			});
			long started = System.nanoTime();
			int round = 0;
			while (moreRounds(round, started)) {
				int current = round;
				measure(threads, clients, measures.get(Phase.ADD), (client) -> client.add(current));
				measure(threads, clients, measures.get(Phase.UPDATE), (client) -> client.update(current));
				onAll(threads, clients, (client) -> {
					client.reopen();
					return 0;
				});
				measure(threads, clients, measures.get(Phase.COLD), (client) -> client.read(current));
				onAll(threads, clients, (client) -> {
					client.emptyObjectCache();
					return 0;
				});
				measure(threads, clients, measures.get(Phase.WARM), (client) -> client.read(current));
				measure(threads, clients, measures.get(Phase.HOT), (client) -> client.read(current));
				round++;
			}
			Map<Phase, PhaseFigures> figures = new EnumMap<>(Phase.class);
			long objectsPerPhase = (long) round * clientCount * this.options.objectsPerTransaction();
			measures.forEach((phase, measure) -> figures.put(phase,
					PhaseFigures.of(phase, objectsPerPhase, measure.wallNanos, measure.latencies, measure.clientCpuNanos,
							(this.serverCpu != null) ? measure.serverCpuNanos : -1)));
			logger.info("Load run of {} clients against {} done after {} rounds", clientCount, this.address, round);
			return new RunFigures(clientCount, round, figures);
		}
		finally {
			for (LoadClient client : clients) {
				try {
					client.close();
				}
				catch (RuntimeException ex) {
					logger.warn("Could not close load client of {}: {}", this.address, ex.getMessage());
				}
			}
			threads.shutdownNow();
		}
	}

	private boolean moreRounds(int round, long started) {
		Duration duration = this.options.duration();
		if (duration == null) {
			return round < this.options.rounds();
		}
		return round == 0 || System.nanoTime() - started < duration.toNanos();
	}

	private void createContainers(String runKey, int clientCount) {
		ClientStorage storage = new ClientStorage(
				ClientOptions.of(this.address).withStorageName(this.options.storageName()).withName("load-setup")
					.withWaitTimeout(this.options.waitTimeout()));
		try (DB db = new DB(storage)) {
			db.transaction((connection) -> {
				PersistentMap<String, Object> run = new PersistentMap<>();
				for (int i = 0; i < clientCount; i++) {
					run.put("client-" + i, new PersistentMap<String, Object>());
				}
				connection.root().put(runKey, run);
				return null;
			});
		}
	}

	private void measure(ExecutorService threads, List<LoadClient> clients, Measure measure,
			ToLongFunction<LoadClient> phase) {
		long serverCpuStart = (this.serverCpu != null) ? this.serverCpu.nanos() : 0;
		long clientCpuStart = this.clientCpu.nanos();
		long start = System.nanoTime();
		List<Long> latencies = onAll(threads, clients, phase::applyAsLong);
		measure.wallNanos += System.nanoTime() - start;
		measure.clientCpuNanos += this.clientCpu.nanos() - clientCpuStart;
		if (this.serverCpu != null) {
			measure.serverCpuNanos += this.serverCpu.nanos() - serverCpuStart;
		}
		measure.latencies.addAll(latencies);
	}

	private static List<Long> onAll(ExecutorService threads, List<LoadClient> clients, ClientTask task) {
		List<Callable<Long>> calls = new ArrayList<>();
		for (LoadClient client : clients) {
			calls.add(() -> task.run(client));
		}
		List<Long> results = new ArrayList<>();
		try {
			for (Future<Long> future : threads.invokeAll(calls)) {
				results.add(future.get());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted during a load run", ex);
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException("A load client failed: " + cause, cause);
		}
		return results;
	}

	/**
	 * Work done on one client, returning nanoseconds or 0.
	 */
	@FunctionalInterface
	private interface ClientTask {

		long run(LoadClient client) throws Exception;

	}

	/**
	 * Time and latencies gathered for one phase.
	 */
	private static final class Measure {

		private long wallNanos;

		private long clientCpuNanos;

		private long serverCpuNanos;

		private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());

	}

}
