package io.zkzeo.server;

import java.util.Map;

import io.zkzeo.protocol.PyValues;
import io.zkzeo.protocol.ZeoErrorReply;
import io.zkzeo.protocol.ZeoErrors;
import io.zkzeo.protocol.ZeoMessage;
import io.zkzeo.protocol.ZeoMethods;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Tid;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stores whose serial is not eight bytes, as Python's ZEO clients send for new objects ({@code None}, or a
 * {@code str} of eight NULs in ZEO's own tests): Python's storages accept them for new objects and report a
 * conflict for existing ones, and so does the server, without dropping the connection.
 */
class StoreSerialIntegrationTests {

	@RegisterExtension
	final ServerFixture fixture = new ServerFixture();

	@ParameterizedTest
	@ValueSource(strings = { "memory", "file" })
	void newObjectStoredWithNoneOrStringSerialCommits(String kind) throws Exception {
		StorageServer server = this.fixture.start(ServerOptions.of(this.fixture.storage(kind)));
		ZeoTestClient client = this.fixture.register(server);

		Tid first = commit(client, 1, Oid.ROOT, null, "root");
		Tid second = commit(client, 2, Oid.of(1), "\0".repeat(8), "other");

		assertThat(second).isGreaterThan(first);
		Object loaded = client.value(ZeoMethods.LOAD_BEFORE, Oid.of(1).toBytes(), Tid.MAX.toBytes());
		assertThat(PyValues.toTid(PyValues.toList(loaded).get(1))).isEqualTo(second);
	}

	@ParameterizedTest
	@ValueSource(strings = { "memory", "file" })
	void existingObjectStoredWithNoneSerialConflictsAndTheConnectionStays(String kind) throws Exception {
		StorageServer server = this.fixture.start(ServerOptions.of(this.fixture.storage(kind)));
		ZeoTestClient client = this.fixture.register(server);
		Tid first = commit(client, 1, Oid.ROOT, Tid.ZERO.toBytes(), "root");

		client.send(ZeoMethods.TPC_BEGIN, 2L, new byte[0], new byte[0], Map.of(), null, " ");
		client.send(ZeoMethods.STOREA, Oid.ROOT.toBytes(), null, "again".getBytes(), 2L);
		ZeoMessage vote = client.call(ZeoMethods.VOTE, 2L);

		assertThat(vote).isInstanceOfSatisfying(ZeoErrorReply.class,
				(error) -> assertThat(error.className()).isEqualTo(ZeoErrors.CONFLICT_ERROR));
		assertThat(client.value(ZeoMethods.TPC_ABORT, 2L)).isNull();
		assertThat(commit(client, 3, Oid.ROOT, first.toBytes(), "changed")).isGreaterThan(first);
	}

	private static Tid commit(ZeoTestClient client, long txn, Oid oid, @Nullable Object serial, String data)
			throws Exception {
		client.send(ZeoMethods.TPC_BEGIN, txn, new byte[0], new byte[0], Map.of(), null, " ");
		client.send(ZeoMethods.STOREA, oid.toBytes(), serial, data.getBytes(), txn);
		assertThat(PyValues.toList(client.value(ZeoMethods.VOTE, txn))).isEmpty();
		return PyValues.toTid(client.value(ZeoMethods.TPC_FINISH, txn));
	}

}
