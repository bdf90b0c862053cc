package io.zkzeo.client;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.zkzeo.client.RecordingListener.Event;

import io.zkzeo.pickle.ClassRegistry;
import io.zkzeo.pickle.PickleReader;
import io.zkzeo.protocol.ClientDisconnectedException;
import io.zkzeo.storage.DataRecord;
import io.zkzeo.storage.DataRevision;
import io.zkzeo.storage.HistoryEntry;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.ReadOnlyError;
import io.zkzeo.storage.ReferenceFinder;
import io.zkzeo.storage.Storage;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TransactionMetaData;
import io.zkzeo.storage.TransactionRecord;
import io.zkzeo.storage.UndoInfo;
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
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
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
abstract class ClientStoragePythonServerContractTests implements ZeoStorageContracts {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static @Nullable PythonZeoHost host;

	@TempDir
	@Nullable Path dir;

	private PythonZeoHost.@Nullable Server server;

	private @Nullable ClientStorage storage;

	private @Nullable ClientStorage readOnly;

	private final List<ClientStorage> others = new ArrayList<>();

	/**
	 * Whether the server speaks msgpack ({@code M5}) rather than pickles ({@code Z5}).
	 * @return {@code true} for msgpack
	 */
	abstract boolean msgpack();

	private PythonZeoHost.Settings settings() {
		return PythonZeoHost.Settings.of(msgpack());
	}

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
		this.server = host().start(dataFs(), settings());
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

	private PythonZeoHost.Server server() {
		return Objects.requireNonNull(this.server);
	}

	private ClientStorage client() {
		return Objects.requireNonNull(this.storage);
	}

	/** Another client of the current server, closed after the test. */
	private ClientStorage otherClient(ClientOptions options) {
		ClientStorage other = new ClientStorage(options);
		this.others.add(other);
		return other;
	}

	/** Stops the current server and starts another over the same file. */
	private PythonZeoHost.Server restart(PythonZeoHost.Settings settings) {
		host().stop(server());
		this.server = null;
		this.server = host().start(dataFs(), settings);
		return this.server;
	}

	@AfterEach
	void stop() {
		this.others.forEach(ClientStorage::close);
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
		this.server = host().start(dataFs(), settings().withReadOnly(true));
		this.readOnly = new ClientStorage(options(this.server).withReadOnly(true));
		return this.readOnly;
	}

	@Test
	void clientsOfThePythonServerHearEachOthersCommits() throws Exception {
		TwoClients.hearEachOthersCommitsInTidOrder(client(), otherClient(options(server())));
	}

	@Test
	void reconnectToARestartedPythonServerDropsOnlyWhatChangedWhileAway() throws Exception {
		ClientStorage client = client();
		RecordingListener heard = new RecordingListener();
		client.addInvalidationListener(heard);
		Oid changed = client.newOid();
		Oid unchanged = client.newOid();
		Tid t1 = commit(client, "create", store(changed, Tid.ZERO, TestRecords.counter(1)),
				store(unchanged, Tid.ZERO, TestRecords.counter(1)));
		client.setAddresses(List.of());
		Waiting.until("the client is disconnected", () -> !client.isConnected());
		PythonZeoHost.Server second = restart(settings());
		Tid t2 = commit(otherClient(options(second)), "change while away", store(changed, t1, TestRecords.counter(2)));
		client.setAddresses(List.of(second.address()));
		client.sync();
		assertThat(client.lastTransaction()).isEqualTo(t2);
		assertThat(heard.events()).last().isEqualTo(new Event(t2, Set.of(changed)));
		CacheStatistics before = client.cacheStatistics();
		assertThat(TestRecords.value(client.load(unchanged).data())).isEqualTo(1);
		assertThat(client.cacheStatistics().hits()).isEqualTo(before.hits() + 1);
		DataRevision reloaded = client.load(changed);
		assertThat(TestRecords.value(reloaded.data())).isEqualTo(2);
		assertThat(reloaded.serial()).isEqualTo(t2);
	}

	@Test
	void reconnectAfterMoreCommitsThanThePythonServerRemembersDropsTheCache() throws Exception {
		ClientStorage client = client();
		RecordingListener heard = new RecordingListener();
		client.addInvalidationListener(heard);
		Oid x = client.newOid();
		Tid t1 = commit(client, "create", store(x, Tid.ZERO, TestRecords.counter(1)));
		client.setAddresses(List.of());
		Waiting.until("the client is disconnected", () -> !client.isConnected());
		PythonZeoHost.Server second = restart(settings().withInvalidationQueueSize(1));
		ClientStorage other = otherClient(options(second));
		Tid t2 = commit(other, "first change while away", store(x, t1, TestRecords.counter(2)));
		Tid t3 = commit(other, "second change while away", store(x, t2, TestRecords.counter(3)));
		client.setAddresses(List.of(second.address()));
		client.sync();
		assertThat(heard.events()).last().isEqualTo(new Event(t3, null));
		assertThat(client.cacheStatistics().entries()).isZero();
		assertThat(TestRecords.value(client.load(x).data())).isEqualTo(3);
	}

	@Test
	void readOnlyPythonServerIsUsedWithFallbackAndRefusedWithout() {
		Oid x = client().newOid();
		Tid t1 = commit(client(), "create", store(x, Tid.ZERO, TestRecords.counter(1)));
		client().close();
		this.storage = null;
		PythonZeoHost.Server readOnlyServer = restart(settings().withReadOnly(true));
		ClientStorage fallback = otherClient(options(readOnlyServer).withReadOnlyFallback(true));
		assertThat(fallback.isReadOnly()).isTrue();
		assertThat(fallback.load(x).serial()).isEqualTo(t1);
		assertThatExceptionOfType(ReadOnlyError.class).isThrownBy(() -> fallback.tpcBegin(TestCommits.txn()));
		assertThatExceptionOfType(ReadOnlyError.class).isThrownBy(fallback::newOid);
		ClientOptions writable = options(readOnlyServer).withWaitTimeout(Duration.ofMillis(500));
		assertThatExceptionOfType(ClientDisconnectedException.class).isThrownBy(() -> otherClient(writable))
			.withMessageContaining("Timed out waiting");
	}

	@Test
	void largeRecordsTravelBothWays() {
		ClientStorage client = client();
		Oid big = client.newOid();
		byte[] record = TestRecords.mapping(Map.of("k".repeat(3 << 20), 7));
		Tid t1 = commit(client, "a 3 MB record", store(big, Tid.ZERO, record));
		ClientStorage reader = otherClient(options(server()));
		DataRevision loaded = reader.load(big);
		assertThat(loaded.serial()).isEqualTo(t1);
		assertThat(loaded.data()).isEqualTo(record);
		assertThat(reader.loadSerial(big, t1)).isEqualTo(record);
		assertThat(TestCommits.transactions(reader, t1, t1).get(0).records().get(0).data()).isEqualTo(record);
	}

	@Test
	void concurrentCallsOnOneConnectionGetTheirOwnReplies() throws Exception {
		ClientStorage client = client();
		List<Oid> oids = client.newOids(40);
		Tid t1 = TestCommits.commitCounters(client, "forty objects", oids);
		ClientStorage reader = otherClient(options(server()));
		ExecutorService threads = Executors.newFixedThreadPool(8);
		try {
			List<Future<Integer>> checked = new ArrayList<>();
			for (int thread = 0; thread < 8; thread++) {
				int offset = thread;
				checked.add(threads.submit(() -> {
					int count = 0;
					for (int round = 0; round < 40; round++) {
						int i = (offset * 7 + round) % oids.size();
						assertThat(TestRecords.value(reader.loadSerial(oids.get(i), t1))).isEqualTo(i);
						assertThat(reader.history(oids.get(i), 1)).extracting(HistoryEntry::tid).containsExactly(t1);
						count++;
					}
					return count;
				}));
			}
			for (Future<Integer> done : checked) {
				assertThat(done.get(60, TimeUnit.SECONDS)).isEqualTo(40);
			}
		}
		finally {
			threads.shutdownNow();
		}
	}

	@Test
	void prefetchFillsTheCacheFromThePythonServer() throws Exception {
		ClientStorage client = client();
		List<Oid> oids = client.newOids(20);
		Tid t1 = TestCommits.commitCounters(client, "twenty objects", oids);
		ClientStorage reader = otherClient(options(server()));
		List<Oid> wanted = new ArrayList<>(oids);
		wanted.add(Oid.of(0xdeadbeefL));
		reader.prefetch(wanted, Tid.MAX).get(30, TimeUnit.SECONDS);
		CacheStatistics before = reader.cacheStatistics();
		for (int i = 0; i < oids.size(); i++) {
			DataRevision loaded = reader.load(oids.get(i));
			assertThat(loaded.serial()).isEqualTo(t1);
			assertThat(TestRecords.value(loaded.data())).isEqualTo(i);
		}
		assertThat(reader.cacheStatistics().misses()).isEqualTo(before.misses());
		assertThat(reader.cacheStatistics().hits()).isEqualTo(before.hits() + oids.size());
	}

	@Test
	void storageFactsComeFromThePythonServer() throws Exception {
		ClientStorage client = client();
		Oid x = client.newOid();
		Tid t1 = commit(client, "create", store(x, Tid.ZERO, TestRecords.counter(1)));
		ClientStorage fresh = otherClient(options(server()));
		assertThat(fresh.getSize()).isEqualTo(Files.size(dataFs()));
		assertThat(fresh.objectCount()).isEqualTo(1);
		assertThat(fresh.supportsUndo()).isTrue();
		assertThat(fresh.lastTransaction()).isEqualTo(t1);
		Map<String, @Nullable Object> status = fresh.serverStatus();
		assertThat(status.get("last-transaction")).isEqualTo(String.format("%016x", t1.value()));
		assertThat(status.get("connections")).isEqualTo(2L);
		assertThat(status).containsKeys("commits", "loads", "start", "waiting");
		commit(client, "grow", store(client.newOid(), Tid.ZERO, TestRecords.counter(2)));
		long size = Files.size(dataFs());
		Waiting.until("the server's info reaches the committing client",
				() -> client.getSize() == size && client.objectCount() == 2);
	}

	@Test
	void heartbeatsKeepTheConnectionWithoutTroublingThePythonServer() throws Exception {
		String loggedBefore = host().logged();
		ClientStorage client = otherClient(options(server()).withHeartbeatInterval(Duration.ofMillis(20)));
		Oid x = client.newOid();
		Tid t1 = commit(client, "before the heartbeats", store(x, Tid.ZERO, TestRecords.counter(1)));
		Thread.sleep(300);
		assertThat(client.isConnected()).isTrue();
		Tid t2 = commit(client, "after them", store(x, t1, TestRecords.counter(2)));
		assertThat(client.load(x).serial()).isEqualTo(t2);
		assertThat(client.serverStatus().get("connections")).isEqualTo(2L);
		assertThat(host().logged()).isEqualTo(loggedBefore);
	}

	@Test
	void transactionMetadataComesBackAsPythonStoredIt() {
		ClientStorage client = client();
		byte[] user = "/ zoë".getBytes(StandardCharsets.UTF_8);
		byte[] description = "naïve\nüber two lines".getBytes(StandardCharsets.UTF_8);
		byte[] extension = WireValues.extensionFromWire(Map.of("app", "tést", "n", 3L));
		Oid x = client.newOid();
		Tid t1 = commit(client, new TransactionMetaData(user, description, extension),
				store(x, Tid.ZERO, TestRecords.counter(1)));
		UndoInfo logged = client.undoLog(0, 10, null).get(0);
		assertThat(logged.tid()).isEqualTo(t1);
		assertThat(logged.user()).isEqualTo(user);
		assertThat(logged.description()).isEqualTo(description);
		assertThat(new PickleReader(logged.extension(), ClassRegistry.empty()).load())
			.isEqualTo(Map.of("app", "tést", "n", 3L));
		TransactionRecord iterated = TestCommits.transactions(client, t1, t1).get(0);
		assertThat(iterated.user()).isEqualTo(user);
		assertThat(iterated.description()).isEqualTo(description);
		assertThat(new PickleReader(iterated.extension(), ClassRegistry.empty()).load())
			.isEqualTo(Map.of("app", "tést", "n", 3L));
		HistoryEntry history = client.history(x, 1).get(0);
		assertThat(history.user()).isEqualTo(user);
		assertThat(history.description()).isEqualTo(description);
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

}
