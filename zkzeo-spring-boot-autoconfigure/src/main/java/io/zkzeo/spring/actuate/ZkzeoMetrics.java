package io.zkzeo.spring.actuate;

import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.zkzeo.client.ClientStorage;
import io.zkzeo.db.DB;
import io.zkzeo.server.StorageServer;
import io.zkzeo.server.StorageStatus;

/**
 * Micrometer meters for zkzeo, tagged with the storage name ({@code storage}):
 * <ul>
 * <li>server: {@code zkzeo.server.connections}, {@code zkzeo.server.loads}, {@code zkzeo.server.stores},
 * {@code zkzeo.server.commits}, {@code zkzeo.server.aborts}, {@code zkzeo.server.conflicts},
 * {@code zkzeo.server.transactions.active}, {@code zkzeo.server.commit.lock.wait} and
 * {@code zkzeo.server.commit.lock.hold} (total seconds), {@code zkzeo.server.commit.lock.waiting};</li>
 * <li>client: {@code zkzeo.client.connected} (1 or 0), {@code zkzeo.client.cache.hits},
 * {@code zkzeo.client.cache.misses}, {@code zkzeo.client.cache.size} (bytes);</li>
 * <li>database: {@code zkzeo.db.connections.open}, {@code zkzeo.db.conflicts}.</li>
 * </ul>
 */
public class ZkzeoMetrics implements MeterBinder {

	private final ZkzeoComponents components;

	/**
	 * Creates the meters' source.
	 * @param components the parts to measure
	 */
	public ZkzeoMetrics(ZkzeoComponents components) {
		this.components = components;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		StorageServer server = this.components.server();
		if (server != null && server.isRunning()) {
			for (String name : server.options().storages().keySet()) {
				bindServerStorage(registry, server, name);
			}
		}
		ClientStorage client = this.components.client();
		if (client != null) {
			Tags tags = Tags.of("storage", client.getName());
			Gauge.builder("zkzeo.client.connected", client, (storage) -> storage.isConnected() ? 1 : 0)
				.tags(tags)
				.description("Whether the client storage is connected to a server")
				.register(registry);
			FunctionCounter.builder("zkzeo.client.cache.hits", client, (storage) -> storage.cacheStatistics().hits())
				.tags(tags)
				.description("Loads answered by the client cache")
				.register(registry);
			FunctionCounter
				.builder("zkzeo.client.cache.misses", client, (storage) -> storage.cacheStatistics().misses())
				.tags(tags)
				.description("Loads sent to the server")
				.register(registry);
			Gauge.builder("zkzeo.client.cache.size", client, (storage) -> storage.cacheStatistics().bytes())
				.tags(tags)
				.baseUnit("bytes")
				.description("Bytes held in the client cache")
				.register(registry);
		}
		if (client != null) {
			Tags tags = Tags.of("storage", client.getName());
			Gauge.builder("zkzeo.db.connections.open", this.components, (parts) -> dbValue(parts, DB::openConnectionCount))
				.tags(tags)
				.description("Database connections in use")
				.register(registry);
			FunctionCounter.builder("zkzeo.db.conflicts", this.components, (parts) -> dbValue(parts, DB::conflictCount))
				.tags(tags)
				.description("Database commits that failed with a conflict")
				.register(registry);
		}
	}

	private static double dbValue(ZkzeoComponents components, ToDoubleFunction<DB> value) {
		DB db = components.db();
		return (db != null) ? value.applyAsDouble(db) : Double.NaN;
	}

	private static void bindServerStorage(MeterRegistry registry, StorageServer server, String name) {
		Tags tags = Tags.of("storage", name);
		counter(registry, server, name, tags, "zkzeo.server.loads", "Loads served", StorageStatus::loads);
		counter(registry, server, name, tags, "zkzeo.server.stores", "Stores received", StorageStatus::stores);
		counter(registry, server, name, tags, "zkzeo.server.commits", "Transactions committed",
				StorageStatus::commits);
		counter(registry, server, name, tags, "zkzeo.server.aborts", "Transactions aborted", StorageStatus::aborts);
		counter(registry, server, name, tags, "zkzeo.server.conflicts", "Conflicts reported to clients",
				StorageStatus::conflicts);
		gauge(registry, server, name, tags, "zkzeo.server.connections", "Clients connected",
				StorageStatus::connections);
		gauge(registry, server, name, tags, "zkzeo.server.transactions.active", "Transactions open",
				StorageStatus::activeTransactions);
		gauge(registry, server, name, tags, "zkzeo.server.commit.lock.waiting", "Votes waiting for the commit lock",
				StorageStatus::waiting);
		FunctionCounter
			.builder("zkzeo.server.commit.lock.wait", server,
					(s) -> value(s, name, (status) -> status.lockWait().toNanos() / 1e9))
			.tags(tags)
			.baseUnit("seconds")
			.description("Total time spent waiting for the commit lock")
			.register(registry);
		FunctionCounter
			.builder("zkzeo.server.commit.lock.hold", server,
					(s) -> value(s, name, (status) -> status.lockHold().toNanos() / 1e9))
			.tags(tags)
			.baseUnit("seconds")
			.description("Total time the commit lock was held")
			.register(registry);
		TimeGauge
			.builder("zkzeo.server.last.transaction.time", server, TimeUnit.MILLISECONDS,
					(s) -> value(s, name, (status) -> status.lastTransaction().toInstant().toEpochMilli()))
			.tags(tags)
			.description("When the last transaction committed, since the epoch")
			.register(registry);
	}

	private static void counter(MeterRegistry registry, StorageServer server, String name, Tags tags, String meter,
			String description, ToDoubleFunction<StorageStatus> value) {
		FunctionCounter.builder(meter, server, (s) -> value(s, name, value))
			.tags(tags)
			.description(description)
			.register(registry);
	}

	private static void gauge(MeterRegistry registry, StorageServer server, String name, Tags tags, String meter,
			String description, ToDoubleFunction<StorageStatus> value) {
		Gauge.builder(meter, server, (s) -> value(s, name, value)).tags(tags).description(description).register(registry);
	}

	private static double value(StorageServer server, String name, ToDoubleFunction<StorageStatus> value) {
		if (!server.isRunning()) {
			return Double.NaN;
		}
		StorageStatus status = server.status().storage(name);
		return (status != null) ? value.applyAsDouble(status) : Double.NaN;
	}

}
