package io.zkzeo.client;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.zkzeo.pickle.ClassRegistry;
import io.zkzeo.pickle.PickleReader;
import io.zkzeo.storage.DataRecord;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Storage;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TransactionMetaData;
import io.zkzeo.storage.TransactionRecord;
import io.zkzeo.storage.conformance.StorageContracts;
import io.zkzeo.storage.conformance.TestCommits;
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
	 * The suite's version expects the extension bytes back exactly; over ZEO the extension travels as a map
	 * ({@code tpc_begin} and the iterator), and the server stores the map's own pickle, so a pickled empty dict
	 * and no extension both come back empty, and a non-empty one comes back as a pickle of the same dict.
	 * Everything else is checked as in the suite.
	 */
	@Override
	@Test
	default void iteratorListsTransactionsInOrderWithMetadataAndRecords() {
		Storage client = storage();
		Oid a = client.newOid();
		Oid b = client.newOid();
		byte[] extension = WireValues.extensionFromWire(Map.of("app", "test"));
		TransactionMetaData first = new TransactionMetaData("/ alice".getBytes(StandardCharsets.UTF_8),
				"first".getBytes(StandardCharsets.UTF_8), extension);
		Tid t1 = commit(client, first, store(a, Tid.ZERO, TestRecords.counter(1)), store(b, Tid.ZERO, TestRecords.counter(2)));
		Tid t2 = commit(client, "second", store(a, t1, TestRecords.counter(3)));
		List<TransactionRecord> transactions = TestCommits.transactions(client, null, null);
		assertThat(transactions).extracting(TransactionRecord::tid).containsExactly(t1, t2);
		TransactionRecord one = transactions.get(0);
		assertThat(one.status()).isEqualTo(' ');
		assertThat(one.userText()).isEqualTo("/ alice");
		assertThat(one.descriptionText()).isEqualTo("first");
		assertThat(new PickleReader(one.extension(), ClassRegistry.empty()).load()).isEqualTo(Map.of("app", "test"));
		assertThat(one.records()).extracting(DataRecord::oid).containsExactly(a, b);
		assertThat(one.records()).extracting(DataRecord::tid).containsOnly(t1);
		assertThat(one.records()).extracting(DataRecord::dataTxn).containsOnlyNulls();
		assertThat(one.records().get(1).data()).isEqualTo(TestRecords.counter(2));
		TransactionRecord two = transactions.get(1);
		assertThat(two.extension()).isEmpty();
		assertThat(two.records()).singleElement().satisfies((record) -> {
			assertThat(record.oid()).isEqualTo(a);
			assertThat(record.data()).isEqualTo(TestRecords.counter(3));
		});
	}

}
