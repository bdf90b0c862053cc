package io.zkzeo.server;

import java.util.List;
import java.util.Map;

import io.zkzeo.protocol.PyValues;
import io.zkzeo.protocol.ZeoCall;
import io.zkzeo.protocol.ZeoErrorReply;
import io.zkzeo.protocol.ZeoErrors;
import io.zkzeo.protocol.ZeoMessage;
import io.zkzeo.protocol.ZeoMethods;
import io.zkzeo.protocol.ZeoReply;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Storage;
import io.zkzeo.storage.Tid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * zkzeo's {@code vote_and_finish} over real sockets, against a MemoryStorage and a FileStorage: offered in
 * {@code get_info}, a commit in one call with the same replies and invalidations as {@code vote} then
 * {@code tpc_finish}, conflicts that commit nothing, and refusal where client conflict resolution is on.
 */
class VoteAndFinishIntegrationTests {

	@RegisterExtension
	final ServerFixture fixture = new ServerFixture();

	@ParameterizedTest
	@ValueSource(strings = { "memory", "file" })
	void commitsInOneCallSendingInfoThenTheResultAndInvalidatingTheOthers(String kind) throws Exception {
		Storage storage = this.fixture.storage(kind);
		StorageServer server = this.fixture.start(ServerOptions.of(storage));
		ZeoTestClient committer = this.fixture.register(server);
		ZeoTestClient other = this.fixture.register(server);
		assertThat(PyValues.toMap(committer.value(ZeoMethods.GET_INFO)))
			.containsEntry(ZeoMethods.INFO_VOTE_AND_FINISH, true);
		Oid child = PyValues.toOid(PyValues.toList(committer.value(ZeoMethods.NEW_OIDS)).get(0));
		committer.send(ZeoMethods.TPC_BEGIN, 7L, new byte[0], "both".getBytes(), Map.of(), null, " ");
		committer.send(ZeoMethods.STOREA, Oid.ROOT.toBytes(), Tid.ZERO.toBytes(), "root".getBytes(), 7L);
		committer.send(ZeoMethods.STOREA, child.toBytes(), Tid.ZERO.toBytes(), "child".getBytes(), 7L);
		long call = committer.callLater(ZeoMethods.VOTE_AND_FINISH, 7L);
		ZeoMessage info = committer.next();
		assertThat(info).isInstanceOfSatisfying(ZeoCall.class,
				(sent) -> assertThat(sent.method()).isEqualTo(ZeoMethods.INFO));
		ZeoMessage reply = committer.next();
		assertThat(reply.msgid()).isEqualTo(call);
		List<Object> result = PyValues.toList(((ZeoReply) reply).value());
		assertThat(result).hasSize(2);
		assertThat(PyValues.toList(result.get(0))).isEmpty();
		Tid tid = PyValues.toTid(result.get(1));
		assertThat(tid).isEqualTo(storage.lastTransaction());
		assertThat(storage.load(child).data()).isEqualTo("child".getBytes());
		assertThat(server.status().storage("1").commits()).isEqualTo(1);

		assertThat(PyValues.toTid(other.value(ZeoMethods.LAST_TRANSACTION))).isEqualTo(tid);
		assertThat(other.asyncCalls).anySatisfy((invalidation) -> {
			assertThat(invalidation.method()).isEqualTo(ZeoMethods.INVALIDATE_TRANSACTION);
			assertThat(invalidation.tidArg(0)).isEqualTo(tid);
			assertThat(invalidation.listArg(1)).map(PyValues::toOid).containsExactly(Oid.ROOT, child);
		});
		assertThat(committer.asyncCalls).noneMatch(
				(received) -> received.method().equals(ZeoMethods.INVALIDATE_TRANSACTION));
	}

	@ParameterizedTest
	@ValueSource(strings = { "memory", "file" })
	void conflictCommitsNothingAndLeavesTheLockFree(String kind) throws Exception {
		Storage storage = this.fixture.storage(kind);
		StorageServer server = this.fixture.start(ServerOptions.of(storage));
		ZeoTestClient client = this.fixture.register(server);
		Tid first = commit(client, 1, Oid.ROOT, Tid.ZERO, "one");
		Tid second = commit(client, 2, Oid.ROOT, first, "two");
		client.send(ZeoMethods.TPC_BEGIN, 3L, new byte[0], new byte[0], Map.of(), null, " ");
		client.send(ZeoMethods.STOREA, Oid.ROOT.toBytes(), first.toBytes(), "stale".getBytes(), 3L);
		ZeoMessage conflict = client.call(ZeoMethods.VOTE_AND_FINISH, 3L);
		assertThat(conflict).isInstanceOfSatisfying(ZeoErrorReply.class,
				(error) -> assertThat(error.className()).isEqualTo(ZeoErrors.CONFLICT_ERROR));
		assertThat(storage.lastTransaction()).isEqualTo(second);
		assertThat(storage.load(Oid.ROOT).data()).isEqualTo("two".getBytes());
		assertThat(client.value(ZeoMethods.TPC_ABORT, 3L)).isNull();
		Tid third = commit(client, 4, Oid.ROOT, second, "three");
		assertThat(third.compareTo(second)).isPositive();
		assertThat(server.status().storage("1").conflicts()).isEqualTo(1);
	}

	@Test
	void isNeitherOfferedNorAcceptedWithClientConflictResolution() throws Exception {
		Storage storage = this.fixture.storage("memory");
		StorageServer server = this.fixture.start(ServerOptions.of(storage).withClientConflictResolution(true));
		ZeoTestClient client = this.fixture.register(server);
		assertThat(PyValues.toMap(client.value(ZeoMethods.GET_INFO)))
			.doesNotContainKey(ZeoMethods.INFO_VOTE_AND_FINISH);
		client.send(ZeoMethods.TPC_BEGIN, 1L, new byte[0], new byte[0], Map.of(), null, " ");
		client.send(ZeoMethods.STOREA, Oid.ROOT.toBytes(), Tid.ZERO.toBytes(), "root".getBytes(), 1L);
		ZeoMessage refused = client.call(ZeoMethods.VOTE_AND_FINISH, 1L);
		assertThat(refused).isInstanceOfSatisfying(ZeoErrorReply.class,
				(error) -> assertThat(error.className()).isEqualTo(ZeoErrors.STORAGE_TRANSACTION_ERROR));
		assertThat(storage.lastTransaction()).isEqualTo(Tid.ZERO);
		assertThat(PyValues.toList(client.value(ZeoMethods.VOTE, 1L))).isEmpty();
		assertThat(PyValues.toTid(client.value(ZeoMethods.TPC_FINISH, 1L))).isEqualTo(storage.lastTransaction());
	}

	/** Commits with {@code vote_and_finish} and returns the tid. */
	private static Tid commit(ZeoTestClient client, long txn, Oid oid, Tid serial, String data) throws Exception {
		client.send(ZeoMethods.TPC_BEGIN, txn, new byte[0], new byte[0], Map.of(), null, " ");
		client.send(ZeoMethods.STOREA, oid.toBytes(), serial.toBytes(), data.getBytes(), txn);
		List<Object> result = PyValues.toList(client.value(ZeoMethods.VOTE_AND_FINISH, txn));
		assertThat(PyValues.toList(result.get(0))).isEmpty();
		return PyValues.toTid(result.get(1));
	}

}
