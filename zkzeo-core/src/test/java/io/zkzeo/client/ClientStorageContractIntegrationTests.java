package io.zkzeo.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.zkzeo.pickle.ClassRegistry;
import io.zkzeo.pickle.PickleReader;
import io.zkzeo.server.ServerOptions;
import io.zkzeo.server.StorageServer;
import io.zkzeo.storage.DataRecord;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.ReferenceFinder;
import io.zkzeo.storage.Storage;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TransactionMetaData;
import io.zkzeo.storage.TransactionRecord;
import io.zkzeo.storage.conformance.CurrentRecordIterationStorageContract;
import io.zkzeo.storage.conformance.StorageContracts;
import io.zkzeo.storage.conformance.TestCommits;
import io.zkzeo.storage.conformance.TestRecords;
import io.zkzeo.storage.conformance.TestRecordsReferenceFinder;
import io.zkzeo.storage.memory.MemoryStorage;
import io.zkzeo.storage.memory.MemoryStorageOptions;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.zkzeo.storage.conformance.TestCommits.commit;
import static io.zkzeo.storage.conformance.TestCommits.store;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the whole storage conformance suite against a {@link ClientStorage} talking over 127.0.0.1 to a zkzeo
 * {@link StorageServer} serving a {@link MemoryStorage}: a fresh server, storage and client for every test.
 */
class ClientStorageContractIntegrationTests implements StorageContracts, CurrentRecordIterationStorageContract {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private @Nullable MemoryStorage memory;

	private @Nullable StorageServer server;

	private @Nullable ClientStorage storage;

	private @Nullable ClientStorage readOnly;

	@BeforeEach
	void startServerAndClient() {
		this.memory = new MemoryStorage(MemoryStorageOptions.defaults().withName("served"));
		this.server = new StorageServer(ServerOptions.of(this.memory)).start();
		this.storage = new ClientStorage(options());
	}

	private ClientOptions options() {
		return ClientOptions.of(Objects.requireNonNull(this.server).boundAddress()).withWaitTimeout(WAIT);
	}

	@AfterEach
	void stop() {
		if (this.readOnly != null) {
			this.readOnly.close();
		}
		if (this.storage != null) {
			this.storage.close();
		}
		if (this.server != null) {
			this.server.close();
		}
		if (this.memory != null) {
			this.memory.close();
		}
	}

	@Override
	public Storage storage() {
		return Objects.requireNonNull(this.storage);
	}

	@Override
	public ReferenceFinder referenceFinder() {
		return new TestRecordsReferenceFinder();
	}

	@Override
	public Storage readOnlyStorage() {
		this.readOnly = new ClientStorage(options().withReadOnly(true));
		return this.readOnly;
	}

	/**
	 * The suite's version expects the extension bytes back exactly; over ZEO the extension travels as a map
	 * ({@code tpc_begin} and the iterator), so a pickled empty dict and no extension both come back empty, and a
	 * non-empty one comes back as a pickle of the same dict. Everything else is checked as in the suite.
	 */
	@Override
	@Test
	public void iteratorListsTransactionsInOrderWithMetadataAndRecords() {
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
