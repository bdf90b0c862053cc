package io.zkzeo.client;

import java.util.Map;

import io.zkzeo.pickle.ClassRegistry;
import io.zkzeo.pickle.PickleReader;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.conformance.StorageContracts;
import io.zkzeo.storage.conformance.TestRecords;
import org.junit.jupiter.api.Test;

import static io.zkzeo.storage.conformance.TestCommits.commit;
import static io.zkzeo.storage.conformance.TestCommits.store;
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

	/**
	 * A client storage first hands out the oids it holds, asked for as it connected (as Python's hands out the rest
	 * of its batch), so the suite's check applies to the oids the server gives after the store.
	 */
	@Override
	@Test
	default void newOidIsAboveEveryStoredOid() {
		ClientStorage storage = (ClientStorage) storage();
		Oid stored = Oid.of(0x1000);
		commit(storage, "explicit oid", store(stored, Tid.ZERO, TestRecords.counter(1)));
		int askedBefore = storage.oidsAhead();
		for (int i = 0; i < askedBefore; i++) {
			assertThat(storage.newOid()).isNotEqualTo(stored);
		}
		assertThat(storage.newOid()).isGreaterThan(stored);
	}

	@Override
	default void assertIteratedExtension(byte[] committed, byte[] iterated) {
		assertThat(new PickleReader(iterated, ClassRegistry.empty()).load()).isEqualTo(Map.of("app", "test"));
	}

}
