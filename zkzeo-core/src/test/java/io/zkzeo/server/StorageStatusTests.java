package io.zkzeo.server;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.zkzeo.storage.Tid;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code server_status} dictionary built from a status snapshot.
 */
class StorageStatusTests {

	@Test
	void serverStatusHasPythonsKeysInPythonsOrder() {
		StorageStatus status = new StorageStatus("1", 2, 3, 4, 5, 6, 1, 7, 8, Instant.ofEpochMilli(1500), Instant.now(), 9,
				false, Tid.fromHex("040d3d08d5de8e22"), 5, Duration.ZERO, Duration.ZERO);
		Map<String, Object> map = status.toServerStatusMap();
		assertThat(map.keySet()).containsExactly("connections", "loads", "stores", "commits", "aborts", "active_txns",
				"lock_time", "conflicts", "conflicts_resolved", "start", "waiting", "timeout-thread-is-alive",
				"last-transaction");
		assertThat(map).containsEntry("connections", 2L)
			.containsEntry("loads", 3L)
			.containsEntry("active_txns", 1L)
			.containsEntry("lock_time", 1.5)
			.containsEntry("waiting", 9L)
			.containsEntry("timeout-thread-is-alive", "stub")
			.containsEntry("last-transaction", "040d3d08d5de8e22");
		assertThat((String) map.get("start")).matches("[A-Z][a-z]{2} [A-Z][a-z]{2} [ 123]\\d \\d\\d:\\d\\d:\\d\\d \\d{4}");
	}

	@Test
	void serverStatusReportsTheTimeoutWatchAsTrueWhenConfigured() {
		StorageStatus status = new StorageStatus("1", 0, 0, 0, 0, 0, 0, 0, 0, null, Instant.now(), 0, true, Tid.ZERO, -1,
				Duration.ZERO, Duration.ZERO);
		assertThat(status.toServerStatusMap()).containsEntry("timeout-thread-is-alive", true)
			.containsEntry("lock_time", null)
			.containsEntry("last-transaction", "0000000000000000");
	}

}
