package io.zkzeo.server;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * An immutable snapshot of a server's status: one {@link StorageStatus} per served storage, in the order the
 * storages were configured.
 *
 * @param taken when the snapshot was taken
 * @param storages the status of each storage, by name
 */
public record ServerStatus(Instant taken, Map<String, StorageStatus> storages) {

	/**
	 * Creates a snapshot.
	 * @param taken when it was taken
	 * @param storages the status of each storage, by name
	 */
	public ServerStatus {
		storages = Collections.unmodifiableMap(new LinkedHashMap<>(storages));
	}

	/**
	 * Returns the status of one storage.
	 * @param name the storage name
	 * @return the status, or {@code null} if no storage has that name
	 */
	public @Nullable StorageStatus storage(String name) {
		return this.storages.get(name);
	}

	/**
	 * Returns what a Python ZEO server answers to {@code ruok}: each storage's {@code server_status} dictionary
	 * by storage name.
	 * @return the nested maps
	 */
	public Map<String, Map<String, @Nullable Object>> toRuokMap() {
		Map<String, Map<String, @Nullable Object>> result = new LinkedHashMap<>();
		this.storages.forEach((name, status) -> result.put(name, status.toServerStatusMap()));
		return result;
	}

}
