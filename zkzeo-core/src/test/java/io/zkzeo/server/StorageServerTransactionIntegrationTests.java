package io.zkzeo.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.zkzeo.protocol.PyValues;
import io.zkzeo.protocol.ZeoCall;
import io.zkzeo.protocol.ZeoErrorReply;
import io.zkzeo.protocol.ZeoErrors;
import io.zkzeo.protocol.ZeoMessage;
import io.zkzeo.protocol.ZeoMethods;
import io.zkzeo.protocol.ZeoReply;
import io.zkzeo.storage.ConflictError;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.ReadConflictError;
import io.zkzeo.storage.Storage;
import io.zkzeo.storage.Tid;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Commits between several clients over real sockets, against a MemoryStorage and a FileStorage: invalidation
 * order, conflicts, the commit lock, the transaction timeout and aborts on disconnect.
 */
class StorageServerTransactionIntegrationTests {

	@RegisterExtension
	final ServerFixture fixture = new ServerFixture();

	@ParameterizedTest
	@ValueSource(strings = { "memory", "file" })
	void invalidationsArriveInTidOrderBeforeAnyReplyShowingTheirTid(String kind) throws Exception {
		StorageServer server = this.fixture.start(ServerOptions.of(this.fixture.storage(kind)));
		ZeoTestClient writer = this.fixture.register(server);
		ZeoTestClient reader = this.fixture.connect(server);
		Tid registered = PyValues.toTid(reader.value(ZeoMethods.REGISTER, "1", false));
		int commits = 25;
		CompletableFuture<List<Tid>> committed = CompletableFuture.supplyAsync(() -> {
			List<Tid> tids = new ArrayList<>();
			Tid serial = Tid.ZERO;
			try {
				for (int i = 1; i <= commits; i++) {
					ServerFixture.beginAndStore(writer, i, Oid.ROOT, serial, "state " + i);
					writer.value(ZeoMethods.VOTE, (long) i);
					serial = PyValues.toTid(writer.value(ZeoMethods.TPC_FINISH, (long) i));
					tids.add(serial);
				}
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
			return tids;
		});
		while (!committed.isDone()) {
			reader.value(ZeoMethods.LAST_TRANSACTION);
			reader.call(ZeoMethods.LOAD_BEFORE, Oid.ROOT.toBytes(), Tid.MAX.toBytes());
		}
		List<Tid> tids = committed.get(10, TimeUnit.SECONDS);
		reader.value(ZeoMethods.PING);

		Tid invalidatedUpTo = registered;
		List<Tid> invalidations = new ArrayList<>();
		for (ZeoMessage message : reader.received) {
			if (message instanceof ZeoCall call) {
				assertThat(call.method()).isEqualTo(ZeoMethods.INVALIDATE_TRANSACTION);
				Tid tid = call.tidArg(0);
				assertThat(tid).isGreaterThan(invalidatedUpTo);
				invalidatedUpTo = tid;
				invalidations.add(tid);
				assertThat(call.listArg(1)).map(PyValues::toOid).containsExactly(Oid.ROOT);
			}
			else if (message instanceof ZeoReply reply && reply.value() instanceof byte[] tid) {
				assertThat(Tid.fromBytes(tid)).as("lastTransaction reply").isLessThanOrEqualTo(invalidatedUpTo);
			}
			else if (message instanceof ZeoReply reply && reply.value() instanceof List<?> revision) {
				assertThat(PyValues.toTid(revision.get(1))).as("loadBefore start").isLessThanOrEqualTo(invalidatedUpTo);
			}
		}
		assertThat(invalidations).isEqualTo(tids);
		assertThat(writer.asyncCalls).extracting(ZeoCall::method).containsOnly(ZeoMethods.INFO).hasSize(commits);
	}

	@ParameterizedTest
	@ValueSource(strings = { "memory", "file" })
	void conflictIsReportedAsPythonReportsIt(String kind) throws Exception {
		StorageServer server = this.fixture.start(ServerOptions.of(this.fixture.storage(kind)));
		ZeoTestClient a = this.fixture.register(server);
		ZeoTestClient b = this.fixture.register(server);
		Tid first = commit(a, 1, Oid.ROOT, Tid.ZERO, persistentMapping("one"));
		Tid second = commit(a, 2, Oid.ROOT, first, persistentMapping("two"));
		b.send(ZeoMethods.TPC_BEGIN, 3L, new byte[0], new byte[0], Map.of(), null, " ");
		b.send(ZeoMethods.STOREA, Oid.ROOT.toBytes(), first.toBytes(), persistentMapping("stale"), 3L);
		ZeoMessage vote = b.call(ZeoMethods.VOTE, 3L);
		assertThat(vote).isInstanceOf(ZeoErrorReply.class);
		ZeoErrorReply error = (ZeoErrorReply) vote;
		assertThat(error.className()).isEqualTo(ZeoErrors.CONFLICT_ERROR);
		Map<Object, Object> payload = PyValues.toMap(error.payload());
		assertThat(payload).containsOnlyKeys("message", "oid", "class_name", "serials");
		assertThat(payload.get("message")).isEqualTo("database conflict error");
		assertThat(PyValues.toOid(payload.get("oid"))).isEqualTo(Oid.ROOT);
		assertThat(payload.get("class_name")).isEqualTo("persistent.mapping.PersistentMapping");
		assertThat(PyValues.toList(payload.get("serials"))).map(PyValues::toTid).containsExactly(second, first);
		assertThat(error.toException("1")).isInstanceOfSatisfying(ConflictError.class,
				(conflict) -> assertThat(conflict.getOid()).isEqualTo(Oid.ROOT));
		assertThat(b.value(ZeoMethods.TPC_ABORT, 3L)).isNull();
		assertThat(server.status().storage("1").conflicts()).isEqualTo(1);
		assertThat(commit(b, 4, Oid.ROOT, second, persistentMapping("three"))).isGreaterThan(second);
	}

	@ParameterizedTest
	@ValueSource(strings = { "memory", "file" })
	void failedReadCurrentCheckIsAReadConflict(String kind) throws Exception {
		StorageServer server = this.fixture.start(ServerOptions.of(this.fixture.storage(kind)));
		ZeoTestClient a = this.fixture.register(server);
		Oid other = Oid.of(1);
		Tid first = commit(a, 1, Oid.ROOT, Tid.ZERO, persistentMapping("root"));
		commit(a, 2, Oid.ROOT, first, persistentMapping("changed"));
		a.send(ZeoMethods.TPC_BEGIN, 3L, new byte[0], new byte[0], Map.of(), null, " ");
		a.send(ZeoMethods.STOREA, other.toBytes(), Tid.ZERO.toBytes(), persistentMapping("other"), 3L);
		a.send(ZeoMethods.CHECK_CURRENT_SERIAL_IN_TRANSACTION, Oid.ROOT.toBytes(), first.toBytes(), 3L);
		ZeoMessage vote = a.call(ZeoMethods.VOTE, 3L);
		assertThat(vote).isInstanceOfSatisfying(ZeoErrorReply.class, (error) -> {
			assertThat(error.className()).isEqualTo(ZeoErrors.READ_CONFLICT_ERROR);
			assertThat(error.toException("1")).isInstanceOf(ReadConflictError.class);
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "memory", "file" })
	void secondVoteWaitsForTheFirstTransactionToFinish(String kind) throws Exception {
		StorageServer server = this.fixture.start(ServerOptions.of(this.fixture.storage(kind)));
		ZeoTestClient a = this.fixture.register(server);
		ZeoTestClient b = this.fixture.register(server);
		ServerFixture.beginAndStore(a, 1, Oid.ROOT, Tid.ZERO, "from a");
		ServerFixture.beginAndStore(b, 2, Oid.of(1), Tid.ZERO, "from b");
		assertThat(PyValues.toList(a.value(ZeoMethods.VOTE, 1L))).isEmpty();
		long bVote = b.callLater(ZeoMethods.VOTE, 2L);
		assertThat(b.poll(300)).as("b's vote while a holds the commit lock").isNull();
		assertThat(server.status().storage("1").waiting()).isEqualTo(1);
		assertThat(server.status().storage("1").lockTime()).isNotNull();
		Tid aTid = PyValues.toTid(a.value(ZeoMethods.TPC_FINISH, 1L));
		List<ZeoMessage> beforeFinish = List.of(b.next(), b.next());
		assertThat(beforeFinish).filteredOn(ZeoCall.class::isInstance).singleElement().satisfies((message) -> {
			ZeoCall call = (ZeoCall) message;
			assertThat(call.method()).isEqualTo(ZeoMethods.INVALIDATE_TRANSACTION);
			assertThat(call.tidArg(0)).isEqualTo(aTid);
		});
		assertThat(beforeFinish).filteredOn(ZeoReply.class::isInstance).singleElement().satisfies((voted) -> {
			assertThat(voted.msgid()).isEqualTo(bVote);
		});
		if ("memory".equals(kind)) {
			assertThat(beforeFinish.get(0)).as("without group commit the invalidation precedes the vote reply")
				.isInstanceOf(ZeoCall.class);
		}
		Tid bTid = PyValues.toTid(b.value(ZeoMethods.TPC_FINISH, 2L));
		assertThat(bTid).isGreaterThan(aTid);
		StorageStatus status = server.status().storage("1");
		assertThat(status.commits()).isEqualTo(2);
		assertThat(status.waiting()).isZero();
		assertThat(status.lockTime()).isNull();
		assertThat(status.lastTransaction()).isEqualTo(bTid);
		assertThat(status.lockAcquisitions()).isGreaterThanOrEqualTo(2);
	}

	@ParameterizedTest
	@ValueSource(strings = { "memory", "file" })
	void transactionTimeoutDisconnectsTheLockHolderAndAbortsItsTransaction(String kind) throws Exception {
		Storage storage = this.fixture.storage(kind);
		StorageServer server = this.fixture.start(
				ServerOptions.of(storage).withTransactionTimeout(Duration.ofMillis(200)));
		ZeoTestClient slow = this.fixture.register(server);
		ZeoTestClient other = this.fixture.register(server);
		ServerFixture.beginAndStore(slow, 1, Oid.ROOT, Tid.ZERO, "never committed");
		assertThat(PyValues.toList(slow.value(ZeoMethods.VOTE, 1L))).isEmpty();
		assertThat(server.status().storage("1").toServerStatusMap()).containsEntry("timeout-thread-is-alive", true);
		assertThat(slow.awaitClosed()).isTrue();
		ServerFixture.beginAndStore(other, 2, Oid.ROOT, Tid.ZERO, "committed");
		assertThat(PyValues.toList(other.value(ZeoMethods.VOTE, 2L))).isEmpty();
		Tid tid = PyValues.toTid(other.value(ZeoMethods.TPC_FINISH, 2L));
		assertThat(storage.load(Oid.ROOT).data()).isEqualTo("committed".getBytes());
		assertThat(storage.load(Oid.ROOT).serial()).isEqualTo(tid);
		assertThat(server.status().storage("1").aborts()).isEqualTo(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "memory", "file" })
	void disconnectAbortsTheOpenTransactionAndReleasesTheLock(String kind) throws Exception {
		Storage storage = this.fixture.storage(kind);
		StorageServer server = this.fixture.start(ServerOptions.of(storage));
		ZeoTestClient leaving = this.fixture.register(server);
		ZeoTestClient staying = this.fixture.register(server);
		ServerFixture.beginAndStore(leaving, 1, Oid.ROOT, Tid.ZERO, "lost");
		assertThat(PyValues.toList(leaving.value(ZeoMethods.VOTE, 1L))).isEmpty();
		leaving.close();
		ServerFixture.beginAndStore(staying, 2, Oid.ROOT, Tid.ZERO, "kept");
		assertThat(PyValues.toList(staying.value(ZeoMethods.VOTE, 2L))).isEmpty();
		staying.value(ZeoMethods.TPC_FINISH, 2L);
		assertThat(storage.load(Oid.ROOT).data()).isEqualTo("kept".getBytes());
		assertThat(server.status().storage("1").connections()).isEqualTo(1);
		assertThat(server.status().storage("1").activeTransactions()).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "memory", "file" })
	void clientConflictResolutionReturnsTheConflictToTheClient(String kind) throws Exception {
		StorageServer server = this.fixture
			.start(ServerOptions.of(this.fixture.storage(kind)).withClientConflictResolution(true));
		ZeoTestClient a = this.fixture.register(server);
		ZeoTestClient b = this.fixture.register(server);
		Oid other = Oid.of(1);
		Tid first = commit(a, 1, Oid.ROOT, Tid.ZERO, "v1".getBytes());
		Tid second = commit(a, 2, Oid.ROOT, first, "v2".getBytes());
		b.send(ZeoMethods.TPC_BEGIN, 3L, new byte[0], new byte[0], Map.of(), null, " ");
		b.send(ZeoMethods.STOREA, other.toBytes(), Tid.ZERO.toBytes(), "new object".getBytes(), 3L);
		b.send(ZeoMethods.STOREA, Oid.ROOT.toBytes(), first.toBytes(), "mine".getBytes(), 3L);
		List<Object> conflicts = PyValues.toList(b.value(ZeoMethods.VOTE, 3L));
		assertThat(conflicts).hasSize(1);
		Map<Object, Object> conflict = PyValues.toMap(conflicts.get(0));
		assertThat(conflict).containsOnlyKeys("oid", "serials", "data");
		assertThat(PyValues.toOid(conflict.get("oid"))).isEqualTo(Oid.ROOT);
		assertThat(PyValues.toList(conflict.get("serials"))).map(PyValues::toTid).containsExactly(second, first);
		assertThat(conflict.get("data")).isEqualTo("mine".getBytes());
		assertThat(b.value(ZeoMethods.LOAD_SERIAL, Oid.ROOT.toBytes(), first.toBytes())).isEqualTo("v1".getBytes());
		b.send(ZeoMethods.STOREA, Oid.ROOT.toBytes(), second.toBytes(), "resolved".getBytes(), 3L);
		assertThat(PyValues.toList(b.value(ZeoMethods.VOTE, 3L))).isEmpty();
		Tid third = PyValues.toTid(b.value(ZeoMethods.TPC_FINISH, 3L));
		List<Object> root = PyValues.toList(a.value(ZeoMethods.LOAD_BEFORE, Oid.ROOT.toBytes(), Tid.MAX.toBytes()));
		assertThat(root.get(0)).isEqualTo("resolved".getBytes());
		assertThat(PyValues.toTid(root.get(1))).isEqualTo(third);
		List<Object> created = PyValues.toList(a.value(ZeoMethods.LOAD_BEFORE, other.toBytes(), Tid.MAX.toBytes()));
		assertThat(created.get(0)).isEqualTo("new object".getBytes());
	}

	private static Tid commit(ZeoTestClient client, long txn, Oid oid, Tid serial, byte[] data) throws Exception {
		client.send(ZeoMethods.TPC_BEGIN, txn, new byte[0], new byte[0], Map.of(), null, " ");
		client.send(ZeoMethods.STOREA, oid.toBytes(), serial.toBytes(), data, txn);
		assertThat(PyValues.toList(client.value(ZeoMethods.VOTE, txn))).isEmpty();
		return PyValues.toTid(client.value(ZeoMethods.TPC_FINISH, txn));
	}

	@ParameterizedTest
	@ValueSource(strings = { "memory", "file" })
	void packWaitingForTheCommitLockLetsTheSameConnectionFinishItsTransaction(String kind) throws Exception {
		StorageServer server = this.fixture.start(ServerOptions.of(this.fixture.storage(kind)));
		ZeoTestClient client = this.fixture.register(server);
		Tid first = commit(client, 1, Oid.ROOT, Tid.ZERO, persistentMapping("one"));
		Tid second = commit(client, 2, Oid.ROOT, first, persistentMapping("two"));
		client.send(ZeoMethods.TPC_BEGIN, 3L, new byte[0], new byte[0], Map.of(), null, " ");
		client.send(ZeoMethods.STOREA, Oid.ROOT.toBytes(), second.toBytes(), persistentMapping("three"), 3L);
		assertThat(PyValues.toList(client.value(ZeoMethods.VOTE, 3L))).isEmpty();
		double now = System.currentTimeMillis() / 1000.0 + 1;
		long pack = client.callLater(ZeoMethods.PACK, now, true);
		long finish = client.callLater(ZeoMethods.TPC_FINISH, 3L);
		Map<Object, ZeoMessage> replies = new java.util.HashMap<>();
		while (replies.size() < 2) {
			ZeoMessage message = client.next();
			if (!(message instanceof ZeoCall)) {
				replies.put(message.msgid(), message);
			}
		}
		assertThat(replies).containsOnlyKeys(pack, finish);
		assertThat(replies.get(pack)).isInstanceOf(ZeoReply.class);
		Tid third = PyValues.toTid(((ZeoReply) replies.get(finish)).value());
		assertThat(PyValues.toList(client.value(ZeoMethods.LOAD_BEFORE, Oid.ROOT.toBytes(), Tid.MAX.toBytes()))
			.get(1)).isEqualTo(third.toBytes());
	}

	/** A record as ZODB writes a PersistentMapping holding one string. */
	private static byte[] persistentMapping(String value) {
		io.zkzeo.pickle.PickleWriter writer = new io.zkzeo.pickle.PickleWriter();
		writer.dump(io.zkzeo.pickle.Global.of("persistent.mapping.PersistentMapping"));
		Map<Object, Object> state = new java.util.LinkedHashMap<>();
		state.put("data", new java.util.LinkedHashMap<>(Map.of("value", value)));
		writer.dump(state);
		return writer.toByteArray();
	}

}
