package io.zkzeo.client;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.zkzeo.pickle.ClassRegistry;
import io.zkzeo.pickle.PickleReader;
import io.zkzeo.storage.DataRecord;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.ReferenceFinder;
import io.zkzeo.storage.Storage;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TransactionMetaData;
import io.zkzeo.storage.TransactionRecord;
import io.zkzeo.storage.conformance.StorageContracts;
import io.zkzeo.storage.conformance.TestCommits;
import io.zkzeo.storage.conformance.TestRecords;
import io.zkzeo.storage.conformance.TestRecordsReferenceFinder;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.zkzeo.storage.conformance.TestCommits.commit;
import static io.zkzeo.storage.conformance.TestCommits.store;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Runs the storage conformance suite against a {@link ClientStorage} talking over 127.0.0.1 to Python's ZEO 5.4
 * server over a FileStorage: a fresh server and {@code Data.fs} for every test, in the protocol a subclass
 * chooses. The servers run in one Python process per class ({@link PythonZeoHost}); the tests are skipped
 * (JUnit assumption) where no Python can import ZEO: set {@code ZKZEO_PY_SRC} to a folder holding the source
 * trees of ZEO, ZODB, ZConfig and zdaemon, or give an interpreter that imports ZEO by itself
 * ({@code ZKZEO_ZODB_PYTHON}, default {@code /usr/bin/python3} or {@code python3}).
 *
 * <p>{@link #readOnlyStorage()} stops the writable server and starts a read-only one (runzeo's
 * {@code read-only true}) over the same file, so the read-only contracts check Python's read-only server.
 */
abstract class ClientStoragePythonServerContractTests implements StorageContracts {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static @Nullable PythonZeoHost host;

	@TempDir
	@Nullable Path dir;

	private PythonZeoHost.@Nullable Server server;

	private @Nullable ClientStorage storage;

	private @Nullable ClientStorage readOnly;

	/**
	 * Whether the server speaks msgpack ({@code M5}) rather than pickles ({@code Z5}).
	 * @return {@code true} for msgpack
	 */
	abstract boolean msgpack();

	@BeforeAll
	static void startPythonHost(@TempDir Path hostFolder) {
		host = PythonZeoHost.startIfAvailable(hostFolder);
		assumeThat(host).as("a Python that imports ZEO (set ZKZEO_PY_SRC)").isNotNull();
	}

	@AfterAll
	static void stopPythonHost() {
		if (host != null) {
			host.close();
			host = null;
		}
	}

	@BeforeEach
	void startServerAndClient() {
		this.server = host().start(dataFs(), msgpack(), false);
		this.storage = new ClientStorage(options(this.server));
		assertThat(this.storage.getServerAddress()).isEqualTo(this.server.address());
	}

	private static PythonZeoHost host() {
		return Objects.requireNonNull(host);
	}

	private Path dataFs() {
		return Objects.requireNonNull(this.dir).resolve("Data.fs");
	}

	private static ClientOptions options(PythonZeoHost.Server server) {
		return ClientOptions.of(server.address()).withWaitTimeout(WAIT);
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
			host().stop(this.server);
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
		Objects.requireNonNull(this.storage).close();
		this.storage = null;
		host().stop(Objects.requireNonNull(this.server));
		this.server = host().start(dataFs(), msgpack(), true);
		this.readOnly = new ClientStorage(options(this.server).withReadOnly(true));
		return this.readOnly;
	}

	/**
	 * Replaces the suite's check, which Python's FileStorage does not make: its {@code store} compares the serial
	 * only for an object that already exists ({@code if old: ...}), so a store naming a serial for an object that
	 * was never written is accepted and commits. This checks that the client carries that outcome through.
	 */
	@Override
	@Test
	public void updatingAnObjectThatDoesNotExistConflicts() {
		Storage client = storage();
		Oid oid = client.newOid();
		Tid t1 = commit(client, "other", store(client.newOid(), Tid.ZERO, TestRecords.counter(1)));
		Tid t2 = commit(client, "never written", store(oid, t1, TestRecords.counter(2)));
		assertThat(t2).isGreaterThan(t1);
		assertThat(client.load(oid).serial()).isEqualTo(t2);
		assertThat(TestRecords.value(client.load(oid).data())).isEqualTo(2);
	}

	/**
	 * The suite's version expects the extension bytes back exactly; over ZEO the extension travels as a map
	 * ({@code tpc_begin} and the iterator), and Python's FileStorage stores the map's own pickle, so a
	 * non-empty extension comes back as a pickle of the same dict and none comes back empty. Everything else
	 * is checked as in the suite.
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
