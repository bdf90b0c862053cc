package io.zkzeo.db;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.zkzeo.client.ClientOptions;
import io.zkzeo.client.ClientStorage;
import io.zkzeo.server.ServerOptions;
import io.zkzeo.server.StorageServer;
import io.zkzeo.storage.memory.MemoryStorage;
import io.zkzeo.storage.memory.MemoryStorageOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fetching ahead over a real connection: loading a small container sends the loads of its items at once, so
 * reading the items asks the server nothing more; with more items than the limit (or a limit of 0) every item
 * costs its own load.
 */
class ConnectionPrefetchIntegrationTests {

	private static final int ITEMS = 50;

	private StorageServer server;

	@BeforeEach
	void startServerWithAList() {
		this.server = new StorageServer(ServerOptions.of(new MemoryStorage(MemoryStorageOptions.defaults())).withAddress("127.0.0.1", 0)).start();
		try (DB setup = new DB(new ClientStorage(clientOptions()))) {
			setup.transaction((connection) -> {
				List<PersistentMap<String, Object>> items = new ArrayList<>();
				for (int i = 0; i < ITEMS; i++) {
					items.add(new PersistentMap<>(Map.of("value", i)));
				}
				connection.root().put("items", new PersistentList<>(items));
				return null;
			});
		}
	}

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void loadingAListFetchesItsItemsAheadInOneRound() throws Exception {
		long before = serverLoads();
		try (DB db = new DB(new ClientStorage(clientOptions()))) {
			db.transaction((connection) -> {
				List<PersistentMap<String, Object>> items = items(connection);
				long fetched = awaitServerLoads(before + 2 + ITEMS);
				assertThat(sum(items)).isEqualTo(ITEMS * (ITEMS - 1) / 2);
				assertThat(serverLoads()).as("reading prefetched items asks the server nothing more")
					.isEqualTo(fetched);
				return null;
			});
		}
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, ITEMS - 1 })
	void belowTheItemCountTheLimitLoadsEachItemWhenRead(int limit) throws Exception {
		long before = serverLoads();
		try (DB db = new DB(new ClientStorage(clientOptions()), DbOptions.defaults().withPrefetchLimit(limit))) {
			db.transaction((connection) -> {
				List<PersistentMap<String, Object>> items = items(connection);
				assertThat(serverLoads()).as("the root and the list").isEqualTo(before + 2);
				assertThat(sum(items)).isEqualTo(ITEMS * (ITEMS - 1) / 2);
				assertThat(serverLoads()).isEqualTo(before + 2 + ITEMS);
				return null;
			});
		}
	}

	@SuppressWarnings("unchecked")
	private static List<PersistentMap<String, Object>> items(Connection connection) {
		List<PersistentMap<String, Object>> items = (List<PersistentMap<String, Object>>) connection.root()
			.get("items");
		assertThat(items).hasSize(ITEMS);
		return items;
	}

	private static int sum(List<PersistentMap<String, Object>> items) {
		int sum = 0;
		for (PersistentMap<String, Object> item : items) {
			sum += ((Number) item.get("value")).intValue();
		}
		return sum;
	}

	private long serverLoads() {
		return this.server.status().storage("1").loads();
	}

	/**
	 * Waits until the server has answered at least some loads (a load of the list may go out twice when it races
	 * with the reply of its prefetch; that costs a round trip, nothing else).
	 */
	private long awaitServerLoads(long expected) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (serverLoads() < expected && System.nanoTime() < deadline) {
			Thread.onSpinWait();
		}
		long loads = serverLoads();
		assertThat(loads).as("loads the server answered before any item was read").isGreaterThanOrEqualTo(expected);
		// until no load still in flight adds to the count
		long settled;
		do {
			settled = loads;
			sleep(200);
			loads = serverLoads();
		}
		while (loads != settled);
		return loads;
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private ClientOptions clientOptions() {
		return ClientOptions.of(this.server.boundAddress());
	}

}
