package io.zkzeo.client;

import java.util.Map;

import io.zkzeo.pickle.ClassRegistry;
import io.zkzeo.pickle.PickleReader;
import io.zkzeo.storage.conformance.StorageContracts;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The storage conformance suite as a {@link ClientStorage} passes it over ZEO, whatever the server: only what the
 * protocol changes is checked differently.
 */
interface ZeoStorageContracts extends StorageContracts {

	/**
	 * The suite expects the extension bytes back exactly; over ZEO the extension travels as a map
	 * ({@code tpc_begin} and the iterator), and the server stores the map's own pickle, so a pickled empty dict
	 * and no extension both come back empty, and a non-empty one comes back as a pickle of the same dict.
	 */
	@Override
	default byte[] iteratedExtension() {
		return WireValues.extensionFromWire(Map.of("app", "test"));
	}

	@Override
	default void assertIteratedExtension(byte[] committed, byte[] iterated) {
		assertThat(new PickleReader(iterated, ClassRegistry.empty()).load()).isEqualTo(Map.of("app", "test"));
	}

}
