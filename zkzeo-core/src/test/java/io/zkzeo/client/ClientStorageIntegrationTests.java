package io.zkzeo.client;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.zkzeo.client.RecordingListener.Event;
import io.zkzeo.protocol.ClientDisconnectedException;
import io.zkzeo.server.ServerOptions;
import io.zkzeo.server.StorageServer;
import io.zkzeo.storage.ConflictError;
import io.zkzeo.storage.DataRevision;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.ReadOnlyError;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TransactionMetaData;
import io.zkzeo.storage.conformance.TestCommits;
import io.zkzeo.storage.conformance.TestRecords;
import io.zkzeo.storage.memory.MemoryStorage;
import io.zkzeo.storage.memory.MemoryStorageOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.zkzeo.storage.conformance.TestCommits.commit;
import static io.zkzeo.storage.conformance.TestCommits.store;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link ClientStorage} against zkzeo storage servers on 127.0.0.1: invalidations between clients, reconnects with
 * cache verification, address changes, read-only fallback, waiting for a connection, prefetch.
 */
class ClientStorageIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final MemoryStorage memory = new MemoryStorage(MemoryStorageOptions.defaults().withName("shared"));

	private final List<AutoCloseable> resources = new ArrayList<>();

	@AfterEach
	void closeEverything() throws Exception {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
		this.memory.close();
	}

	private StorageServer startServer(ServerOptions options) {
		StorageServer server = new StorageServer(options).start();
		this.resources.add(server);
		return server;
	}

	private StorageServer startServer() {
		return startServer(ServerOptions.of(this.memory));
	}

	private ClientStorage client(ClientOptions options) {
		ClientStorage client = new ClientStorage(options);
		this.resources.add(client);
		return client;
	}

	private ClientStorage client(InetSocketAddress... addresses) {
		return client(ClientOptions.of(addresses).withWaitTimeout(WAIT));
	}

	@Test
	void clientsSeeEachOthersCommitsAndTheirOwnInTidOrder() throws Exception {
		InetSocketAddress address = startServer().boundAddress();
		TwoClients.hearEachOthersCommitsInTidOrder(client(address), client(address));
	}

	@Test
	void nonBlockingListenersAreToldOnTheEventLoopOthersOnTheDispatchThread() throws Exception {
		InetSocketAddress address = startServer().boundAddress();
		ClientStorage client = client(ClientOptions.of(address).withWaitTimeout(WAIT).withName("told"));
		ClientStorage other = client(address);
		RecordingListener nonBlocking = new RecordingListener(true);
		RecordingListener blocking = new RecordingListener(false);
		client.addInvalidationListener(nonBlocking);
		client.addInvalidationListener(blocking);
		Oid x = client.newOid();
		Tid own = commit(client, "own commit", store(x, Tid.ZERO, TestRecords.counter(1)));
		assertThat(nonBlocking.events()).containsExactly(new Event(own, Set.of(x)));
		assertThat(blocking.events()).containsExactly(new Event(own, Set.of(x)));
		Tid others = commit(other, "another client's commit", store(x, own, TestRecords.counter(2)));
		client.sync();
		List<Event> heard = List.of(new Event(own, Set.of(x)), new Event(others, Set.of(x)));
		assertThat(nonBlocking.events()).isEqualTo(heard);
		assertThat(blocking.events()).isEqualTo(heard);
		assertThat(nonBlocking.threads()).allMatch((thread) -> thread.startsWith("zkzeo-client-told-"));
		assertThat(blocking.threads()).containsOnly("zkzeo-client-invalidations-told");
	}

	@Test
	void threadsLoadingTheSameUncachedObjectAtOnceAllGetIt() throws Exception {
		InetSocketAddress address = startServer().boundAddress();
		ClientStorage writer = client(address);
		int objects = 300;
		List<Oid> oids = writer.newOids(objects);
		Tid committed = TestCommits.commitCounters(writer, "objects to load", oids);
		ClientStorage reader = client(address);
		int threads = 6;
		CyclicBarrier together = new CyclicBarrier(threads);
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<Future<Integer>> loaders = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				loaders.add(executor.submit(() -> {
					int loaded = 0;
					for (Oid oid : oids) {
						together.await(10, TimeUnit.SECONDS);
						DataRevision revision = reader.loadBefore(oid, Tid.MAX);
						if (revision != null && revision.start().equals(committed)) {
							loaded++;
						}
					}
					return loaded;
				}));
			}
			for (Future<Integer> loader : loaders) {
				assertThat(loader.get(30, TimeUnit.SECONDS)).isEqualTo(objects);
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void finishAnnouncedBeforeTheVoteIsSentWhenTheVoteSucceeds() throws InterruptedException {
		// A server with client conflict resolution does not offer vote_and_finish: the client sends vote, then
		// tpc_finish as soon as the vote's reply arrives.
		InetSocketAddress address = startServer(ServerOptions.of(this.memory).withClientConflictResolution(true))
			.boundAddress();
		ClientStorage client = client(address);
		Oid oid = client.newOid();
		Tid before = this.memory.lastTransaction();
		TransactionMetaData txn = voteOnePhase(client, oid, "one phase");
		Waiting.until("the server finishes the transaction without a tpcFinish call",
				() -> !this.memory.lastTransaction().equals(before));
		Tid committed = this.memory.lastTransaction();
		assertThat(client.tpcFinish(txn)).isEqualTo(committed);
		assertThat(client.loadBefore(oid, Tid.MAX).start()).isEqualTo(committed);
	}

	@Test
	void finishAnnouncedBeforeTheVoteCommitsInTheVoteWhereTheServerOffersVoteAndFinish() {
		InetSocketAddress address = startServer().boundAddress();
		ClientStorage client = client(address);
		ClientStorage other = client(address);
		Oid oid = client.newOid();
		Tid before = this.memory.lastTransaction();
		TransactionMetaData txn = voteOnePhase(client, oid, "one call");
		Tid committed = this.memory.lastTransaction();
		assertThat(committed).isNotEqualTo(before);
		assertThat(client.lastTransaction()).isEqualTo(committed);
		assertThat(client.tpcFinish(txn)).isEqualTo(committed);
		assertThat(client.loadBefore(oid, Tid.MAX).start()).isEqualTo(committed);
		other.sync();
		assertThat(other.loadBefore(oid, Tid.MAX).data()).isEqualTo(TestRecords.counter(1));
	}

	/** Stores counter 1 in a new object, announces the finish and votes; returns the transaction, still open. */
	private static TransactionMetaData voteOnePhase(ClientStorage client, Oid oid, String description) {
		TransactionMetaData txn = TestCommits.txn(description);
		client.tpcBegin(txn);
		client.store(oid, Tid.ZERO, TestRecords.counter(1), txn);
		client.finishAfterVote(txn);
		assertThat(client.vote(txn)).isEmpty();
		return txn;
	}

	@Test
	void finishAnnouncedBeforeAFailingVoteIsNotSent() {
		InetSocketAddress address = startServer().boundAddress();
		ClientStorage client = client(address);
		Oid oid = client.newOid();
		Tid first = commit(client, "commit", store(oid, Tid.ZERO, TestRecords.counter(1)));
		commit(client, "commit", store(oid, first, TestRecords.counter(2)));
		Tid last = this.memory.lastTransaction();
		TransactionMetaData txn = TestCommits.txn("stale");
		client.tpcBegin(txn);
		client.store(oid, first, TestRecords.counter(3), txn);
		client.finishAfterVote(txn);
		assertThatExceptionOfType(ConflictError.class).isThrownBy(() -> client.vote(txn));
		client.tpcAbort(txn);
		client.sync();
		assertThat(this.memory.lastTransaction()).isEqualTo(last);
		DataRevision current = client.loadBefore(oid, Tid.MAX);
		assertThat(current.data()).isEqualTo(TestRecords.counter(2));
		assertThat(commit(client, "commit", store(oid, current.start(), TestRecords.counter(4)))).isNotEqualTo(last);
	}

	@Test
	void loadsOfCurrentDataAreAnsweredByTheCache() {
		InetSocketAddress address = startServer().boundAddress();
		ClientStorage writer = client(address);
		Oid x = writer.newOid();
		Tid t1 = commit(writer, "create", store(x, Tid.ZERO, TestRecords.counter(1)));
		ClientStorage reader = client(address);
		assertThat(reader.load(x).serial()).isEqualTo(t1);
		CacheStatistics afterFirst = reader.cacheStatistics();
		for (int i = 0; i < 10; i++) {
			assertThat(reader.load(x).serial()).isEqualTo(t1);
		}
		CacheStatistics afterMore = reader.cacheStatistics();
		assertThat(afterMore.misses()).isEqualTo(afterFirst.misses());
		assertThat(afterMore.hits()).isEqualTo(afterFirst.hits() + 10);
		assertThat(writer.load(x).serial()).isEqualTo(t1);
		assertThat(writer.cacheStatistics().misses()).isZero();
	}

	@Test
	void newOidsAreUniqueAcrossBatchesClientsAndAReconnect() throws Exception {
		StorageServer first = startServer();
		InetSocketAddress address = first.boundAddress();
		ClientStorage client = client(address);
		ClientStorage other = client(address);
		Set<Oid> oids = new HashSet<>();
		List<Oid> inOrder = new ArrayList<>();
		for (int i = 0; i < 250; i++) {
			Oid oid = client.newOid();
			inOrder.add(oid);
			assertThat(oids.add(oid)).isTrue();
			assertThat(oids.add(other.newOid())).isTrue();
		}
		assertThat(inOrder).isSorted();
		first.close();
		Waiting.until("the client notices the server is gone", () -> !client.isConnected());
		startServer(ServerOptions.builder().storage("1", this.memory).port(address.getPort()).build());
		for (int i = 0; i < 250; i++) {
			assertThat(oids.add(client.newOid())).isTrue();
		}
		assertThat(oids).hasSize(750);
	}

	@Test
	void writableClientAsksForOidsAsItConnectsAndHandsThemOutInOrder() throws Exception {
		InetSocketAddress address = startServer().boundAddress();
		ClientStorage client = client(address);
		assertThat(client.oidsAhead()).isEqualTo(OidPool.AHEAD);
		List<Oid> oids = new ArrayList<>();
		for (int i = 0; i < OidPool.AHEAD; i++) {
			oids.add(client.newOid());
		}
		assertThat(oids).doesNotHaveDuplicates().isSorted();
		assertThat(client(ClientOptions.of(address).withWaitTimeout(WAIT).withOidsOnConnect(false)).oidsAhead())
			.isZero();
		assertThat(client(ClientOptions.of(address).withWaitTimeout(WAIT).withReadOnly(true)).oidsAhead()).isZero();
	}

	@Test
	void restartedServerOnTheSamePortIsUsedAgainAndTheCacheKept() throws Exception {
		StorageServer first = startServer();
		InetSocketAddress address = first.boundAddress();
		ClientStorage client = client(address);
		Oid x = client.newOid();
		Tid t1 = commit(client, "create", store(x, Tid.ZERO, TestRecords.counter(1)));
		client.load(x);
		first.close();
		Waiting.until("the client notices the server is gone", () -> !client.isConnected());
		startServer(ServerOptions.builder().storage("1", this.memory).port(address.getPort()).build());
		Waiting.until("the client reconnects", client::isConnected);
		CacheStatistics before = client.cacheStatistics();
		DataRevision loaded = client.load(x);
		assertThat(loaded.serial()).isEqualTo(t1);
		assertThat(client.cacheStatistics().hits()).isEqualTo(before.hits() + 1);
		assertThat(client.cacheStatistics().misses()).isEqualTo(before.misses());
		Tid t2 = commit(client, "update after the restart", store(x, t1, TestRecords.counter(2)));
		assertThat(client.load(x).serial()).isEqualTo(t2);
	}

	@Test
	void reconnectDropsOnlyWhatChangedWhileAway() throws Exception {
		StorageServer first = startServer();
		InetSocketAddress address = first.boundAddress();
		ClientStorage client = client(address);
		RecordingListener heard = new RecordingListener();
		client.addInvalidationListener(heard);
		Oid changed = client.newOid();
		Oid unchanged = client.newOid();
		Tid t1 = commit(client, "create", store(changed, Tid.ZERO, TestRecords.counter(1)),
				store(unchanged, Tid.ZERO, TestRecords.counter(1)));
		client.setAddresses(List.of());
		first.close();
		Waiting.until("the client is disconnected", () -> !client.isConnected());
		StorageServer second = startServer(ServerOptions.builder().storage("1", this.memory).port(address.getPort()).build());
		ClientStorage other = client(second.boundAddress());
		Tid t2 = commit(other, "change while away", store(changed, t1, TestRecords.counter(2)));
		client.setAddresses(List.of(address));
		client.sync();
		assertThat(client.lastTransaction()).isEqualTo(t2);
		assertThat(heard.events()).last().isEqualTo(new Event(t2, Set.of(changed)));
		CacheStatistics before = client.cacheStatistics();
		assertThat(TestRecords.value(client.load(unchanged).data())).isEqualTo(1);
		assertThat(client.cacheStatistics().hits()).isEqualTo(before.hits() + 1);
		DataRevision reloaded = client.load(changed);
		assertThat(TestRecords.value(reloaded.data())).isEqualTo(2);
		assertThat(reloaded.serial()).isEqualTo(t2);
		assertThat(client.cacheStatistics().misses()).isEqualTo(before.misses() + 1);
	}

	@Test
	void reconnectAfterMoreCommitsThanTheServerRemembersDropsTheCache() throws Exception {
		StorageServer first = startServer();
		InetSocketAddress address = first.boundAddress();
		ClientStorage client = client(address);
		RecordingListener heard = new RecordingListener();
		client.addInvalidationListener(heard);
		Oid x = client.newOid();
		Tid t1 = commit(client, "create", store(x, Tid.ZERO, TestRecords.counter(1)));
		client.setAddresses(List.of());
		first.close();
		StorageServer second = startServer(ServerOptions.builder()
			.storage("1", this.memory)
			.port(address.getPort())
			.invalidationQueueSize(1)
			.build());
		ClientStorage other = client(second.boundAddress());
		Tid t2 = commit(other, "first change while away", store(x, t1, TestRecords.counter(2)));
		Tid t3 = commit(other, "second change while away", store(x, t2, TestRecords.counter(3)));
		client.setAddresses(List.of(address));
		client.sync();
		assertThat(heard.events()).last().isEqualTo(new Event(t3, null));
		assertThat(client.cacheStatistics().entries()).isZero();
		assertThat(TestRecords.value(client.load(x).data())).isEqualTo(3);
	}

	@Test
	void setAddressesSwitchesFromAStoppedServerToALiveOne() throws Exception {
		StorageServer stopped = startServer();
		StorageServer live = startServer();
		ClientStorage client = client(stopped.boundAddress());
		Oid x = client.newOid();
		Tid t1 = commit(client, "create", store(x, Tid.ZERO, TestRecords.counter(1)));
		stopped.close();
		client.setAddresses(List.of(live.boundAddress()));
		Tid t2 = commit(client, "update through the live server", store(x, t1, TestRecords.counter(2)));
		assertThat(client.getServerAddress()).isEqualTo(live.boundAddress());
		assertThat(client.getAddresses()).containsExactly(live.boundAddress());
		assertThat(this.memory.load(x).serial()).isEqualTo(t2);
	}

	@Test
	void setAddressesLeavesAServerThatIsNoLongerListed() throws Exception {
		StorageServer first = startServer();
		StorageServer second = startServer();
		ClientStorage client = client(first.boundAddress());
		assertThat(client.getServerAddress()).isEqualTo(first.boundAddress());
		client.setAddresses(List.of(second.boundAddress()));
		Waiting.until("the client uses the second server",
				() -> second.boundAddress().equals(client.getServerAddress()));
		Oid x = client.newOid();
		Tid t1 = commit(client, "create", store(x, Tid.ZERO, TestRecords.counter(1)));
		assertThat(this.memory.load(x).serial()).isEqualTo(t1);
	}

	@Test
	void transactionBegunBeforeADisconnectIsSentAgainWhenItVotes() throws Exception {
		StorageServer first = startServer();
		InetSocketAddress address = first.boundAddress();
		ClientStorage client = client(address);
		Oid x = client.newOid();
		TransactionMetaData txn = TestCommits.txn();
		client.tpcBegin(txn);
		client.store(x, Tid.ZERO, TestRecords.counter(1), txn);
		first.close();
		Waiting.until("the client notices the server is gone", () -> !client.isConnected());
		startServer(ServerOptions.builder().storage("1", this.memory).port(address.getPort()).build());
		client.store(Oid.of(x.value() + 1000), Tid.ZERO, TestRecords.counter(2), txn);
		client.vote(txn);
		Tid tid = client.tpcFinish(txn);
		assertThat(this.memory.load(x).serial()).isEqualTo(tid);
		assertThat(TestRecords.value(this.memory.load(Oid.of(x.value() + 1000)).data())).isEqualTo(2);
	}

	@Test
	void votedTransactionWhoseConnectionIsLostFailsWithClientDisconnected() throws Exception {
		StorageServer first = startServer();
		InetSocketAddress address = first.boundAddress();
		ClientStorage client = client(address);
		Oid x = client.newOid();
		TransactionMetaData txn = TestCommits.txn();
		client.tpcBegin(txn);
		client.store(x, Tid.ZERO, TestRecords.counter(1), txn);
		client.vote(txn);
		first.close();
		Waiting.until("the client notices the server is gone", () -> !client.isConnected());
		assertThatExceptionOfType(ClientDisconnectedException.class).isThrownBy(() -> client.tpcFinish(txn));
		client.tpcAbort(txn);
		startServer(ServerOptions.builder().storage("1", this.memory).port(address.getPort()).build());
		Tid tid = commit(client, "after the reconnect", store(x, Tid.ZERO, TestRecords.counter(2)));
		assertThat(this.memory.load(x).serial()).isEqualTo(tid);
	}

	@Test
	void readOnlyServerIsUsedWithFallbackAndLeftForAWritableOne() throws Exception {
		StorageServer readOnlyServer = startServer(ServerOptions.of(this.memory).withReadOnly(true));
		Oid x = this.memory.newOid();
		Tid t1 = commit(this.memory, "create", store(x, Tid.ZERO, TestRecords.counter(1)));
		ClientStorage client = client(ClientOptions.of(readOnlyServer.boundAddress())
			.withReadOnlyFallback(true)
			.withWaitTimeout(WAIT));
		assertThat(client.isReadOnly()).isTrue();
		assertThat(client.load(x).serial()).isEqualTo(t1);
		assertThatExceptionOfType(ReadOnlyError.class).isThrownBy(() -> client.tpcBegin(TestCommits.txn()));
		StorageServer writable = startServer();
		client.setAddresses(List.of(readOnlyServer.boundAddress(), writable.boundAddress()));
		Waiting.until("the client switches to the writable server", () -> !client.isReadOnly());
		assertThat(client.getServerAddress()).isEqualTo(writable.boundAddress());
		Tid t2 = commit(client, "update", store(x, t1, TestRecords.counter(2)));
		assertThat(this.memory.load(x).serial()).isEqualTo(t2);
	}

	@Test
	void readOnlyServerIsRefusedWithoutFallback() {
		StorageServer readOnlyServer = startServer(ServerOptions.of(this.memory).withReadOnly(true));
		ClientOptions options = ClientOptions.of(readOnlyServer.boundAddress()).withWaitTimeout(Duration.ofMillis(500));
		assertThatExceptionOfType(ClientDisconnectedException.class).isThrownBy(() -> client(options))
			.withMessageContaining("Timed out waiting");
	}

	@Test
	void callsFailWithClientDisconnectedAfterTheWaitTimeoutWhenNoServerAnswers() throws Exception {
		InetSocketAddress nobody;
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			nobody = new InetSocketAddress("127.0.0.1", socket.getLocalPort());
		}
		ClientOptions options = ClientOptions.of(nobody)
			.withWaitForConnection(false)
			.withWaitTimeout(Duration.ofMillis(300))
			.withMaxDisconnectPoll(Duration.ofMillis(200));
		ClientStorage client = client(options);
		assertThat(client.isConnected()).isFalse();
		assertThatExceptionOfType(ClientDisconnectedException.class).isThrownBy(() -> client.load(Oid.ROOT))
			.withMessageContaining(nobody.toString());
		assertThatExceptionOfType(ClientDisconnectedException.class).isThrownBy(client::lastTransaction);
		assertThatExceptionOfType(ClientDisconnectedException.class)
			.isThrownBy(() -> client(options.withWaitForConnection(true)));
	}

	@Test
	void callsWaitForAServerThatComesUpWithinTheWaitTimeout() throws Exception {
		StorageServer probe = startServer();
		InetSocketAddress address = probe.boundAddress();
		probe.close();
		ClientStorage client = client(ClientOptions.of(address)
			.withWaitForConnection(false)
			.withWaitTimeout(WAIT)
			.withMaxDisconnectPoll(Duration.ofMillis(100)));
		startServer(ServerOptions.builder().storage("1", this.memory).port(address.getPort()).build());
		assertThat(client.lastTransaction()).isEqualTo(Tid.ZERO);
		assertThat(client.isConnected()).isTrue();
	}

	@Test
	void prefetchLoadsManyObjectsInOneRoundAndLaterLoadsHitTheCache() throws Exception {
		InetSocketAddress address = startServer().boundAddress();
		List<Oid> oids = commitCounters(address, 50);
		ClientStorage reader = client(address);
		long loadsBefore = serverLoads(reader);
		List<Oid> withMissing = new ArrayList<>(oids);
		withMissing.add(Oid.of(0xdead));
		reader.prefetch(withMissing, Tid.MAX).get(WAIT.toSeconds(), TimeUnit.SECONDS);
		long loadsAfterPrefetch = serverLoads(reader);
		assertThat(loadsAfterPrefetch - loadsBefore).isEqualTo(51);
		CacheStatistics before = reader.cacheStatistics();
		for (int i = 0; i < oids.size(); i++) {
			assertThat(TestRecords.value(reader.load(oids.get(i)).data())).isEqualTo(i);
		}
		assertThat(reader.cacheStatistics().hits()).isEqualTo(before.hits() + 50);
		assertThat(reader.cacheStatistics().misses()).isEqualTo(before.misses());
		assertThat(serverLoads(reader)).isEqualTo(loadsAfterPrefetch);
	}

	@Test
	void prefetchesOfTheSameObjectsAtOnceLoadEachObjectOnce() throws Exception {
		InetSocketAddress address = startServer().boundAddress();
		List<Oid> oids = commitCounters(address, 200);
		ClientStorage reader = client(address);
		long loadsBefore = serverLoads(reader);
		List<Oid> reversed = new ArrayList<>(oids);
		java.util.Collections.reverse(reversed);
		var first = reader.prefetch(oids, Tid.MAX);
		var second = reader.prefetch(reversed, Tid.MAX);
		first.get(WAIT.toSeconds(), TimeUnit.SECONDS);
		second.get(WAIT.toSeconds(), TimeUnit.SECONDS);
		assertThat(serverLoads(reader) - loadsBefore).isEqualTo(oids.size());
		for (int i = 0; i < oids.size(); i++) {
			assertThat(TestRecords.value(reader.load(oids.get(i)).data())).isEqualTo(i);
		}
	}

	/** Commits counters 0, 1, ... to new objects through a client of its own; returns the objects in order. */
	private List<Oid> commitCounters(InetSocketAddress address, int count) {
		ClientStorage writer = client(address);
		List<Oid> oids = writer.newOids(count);
		TestCommits.commitCounters(writer, count + " counters", oids);
		return oids;
	}

	private static long serverLoads(ClientStorage client) {
		return ((Number) client.serverStatus().get("loads")).longValue();
	}

	@Test
	void cacheStaysWithinItsSizeByEvictingTheLeastRecentlyUsed() {
		InetSocketAddress address = startServer().boundAddress();
		ClientStorage writer = client(address);
		List<Oid> oids = writer.newOids(20);
		List<TestCommits.Store> stores = new ArrayList<>();
		for (Oid oid : oids) {
			stores.add(store(oid, Tid.ZERO, new byte[1000]));
		}
		commit(writer, "twenty records of 1000 bytes", stores.toArray(TestCommits.Store[]::new));
		long limit = 5 * (1000 + ObjectCache.ENTRY_OVERHEAD);
		ClientStorage reader = client(ClientOptions.of(address).withCacheSize(limit).withWaitTimeout(WAIT));
		for (Oid oid : oids) {
			reader.load(oid);
		}
		CacheStatistics statistics = reader.cacheStatistics();
		assertThat(statistics.bytes()).isLessThanOrEqualTo(limit);
		assertThat(statistics.entries()).isEqualTo(5);
		assertThat(statistics.evictions()).isEqualTo(15);
		long misses = statistics.misses();
		reader.load(oids.get(19));
		assertThat(reader.cacheStatistics().misses()).isEqualTo(misses);
		reader.load(oids.get(0));
		assertThat(reader.cacheStatistics().misses()).isEqualTo(misses + 1);
	}

}
