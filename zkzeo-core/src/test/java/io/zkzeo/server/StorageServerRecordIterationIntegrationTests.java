package io.zkzeo.server;

import java.util.List;
import java.util.Map;

import io.zkzeo.protocol.PyValues;
import io.zkzeo.protocol.Tuple;
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
 * {@code get_info}'s interfaces, {@code record_iternext} and {@code deleteObject} over real sockets, against
 * a MemoryStorage and a FileStorage, answered as Python's server answers for a FileStorage.
 */
class StorageServerRecordIterationIntegrationTests {

	/** What Python's server sends for a FileStorage (ZEO's {@code checkInterfaceFromRemoteStorage}). */
	private static final List<Tuple> FILE_STORAGE_INTERFACES = List.of(
			Tuple.of("ZODB.interfaces", "IStorageRestoreable"), Tuple.of("ZODB.interfaces", "IStorageIteration"),
			Tuple.of("ZODB.interfaces", "IStorageUndoable"),
			Tuple.of("ZODB.interfaces", "IStorageCurrentRecordIteration"), Tuple.of("ZODB.interfaces", "IExternalGC"),
			Tuple.of("ZODB.interfaces", "IStorage"), Tuple.of("zope.interface", "Interface"));

	@RegisterExtension
	final ServerFixture fixture = new ServerFixture();

	@ParameterizedTest
	@ValueSource(strings = { "memory", "file" })
	void getInfoListsTheInterfacesPythonsFileStorageProvides(String kind) throws Exception {
		ZeoTestClient client = registeredClient(kind);
		Map<Object, Object> info = PyValues.toMap(client.value(ZeoMethods.GET_INFO));
		assertThat(info.get("supports_record_iternext")).isEqualTo(true);
		assertThat(info.get("supportsUndo")).isEqualTo(true);
		assertThat(PyValues.toList(info.get("interfaces")))
			.map((entry) -> Tuple.copyOf(PyValues.toList(entry)))
			.containsExactlyElementsOf(FILE_STORAGE_INTERFACES);
	}

	@ParameterizedTest
	@ValueSource(strings = { "memory", "file" })
	void recordIterNextWalksTheCurrentRecordsInOidOrder(String kind) throws Exception {
		ZeoTestClient client = registeredClient(kind);
		Tid first = commit(client, 1, Map.of(Oid.ROOT, "root", Oid.of(3), "three"));
		Tid second = commit(client, 2, Map.of(Oid.of(1), "one"));
		List<Object> root = PyValues.toList(client.value(ZeoMethods.RECORD_ITERNEXT, (Object) null));
		assertRecord(root, Oid.ROOT, first, "root", Oid.of(1));
		List<Object> one = PyValues.toList(client.value(ZeoMethods.RECORD_ITERNEXT, root.get(3)));
		assertRecord(one, Oid.of(1), second, "one", Oid.of(3));
		List<Object> three = PyValues.toList(client.value(ZeoMethods.RECORD_ITERNEXT, Oid.of(2).toBytes()));
		assertRecord(three, Oid.of(3), first, "three", null);
		List<Object> withoutArgument = PyValues.toList(client.value(ZeoMethods.RECORD_ITERNEXT));
		assertRecord(withoutArgument, Oid.ROOT, first, "root", Oid.of(1));
		assertValueError(client.call(ZeoMethods.RECORD_ITERNEXT, Oid.of(4).toBytes()),
				"no key satisfies the conditions");
	}

	@ParameterizedTest
	@ValueSource(strings = { "memory", "file" })
	void recordIterNextOnAnEmptyStorageRaisesValueErrorAsPythonDoes(String kind) throws Exception {
		ZeoTestClient client = registeredClient(kind);
		assertValueError(client.call(ZeoMethods.RECORD_ITERNEXT, (Object) null), "empty tree");
	}

	@ParameterizedTest
	@ValueSource(strings = { "memory", "file" })
	void deleteObjectDeletesTheObjectAndRecordIterNextSkipsIt(String kind) throws Exception {
		ZeoTestClient client = registeredClient(kind);
		Tid created = commit(client, 1, Map.of(Oid.ROOT, "root", Oid.of(1), "doomed"));
		client.send(ZeoMethods.TPC_BEGIN, 2L, new byte[0], new byte[0], Map.of(), null, " ");
		client.send(ZeoMethods.DELETE_OBJECT, Oid.of(1).toBytes(), created.toBytes(), 2L);
		assertThat(PyValues.toList(client.value(ZeoMethods.VOTE, 2L))).isEmpty();
		Tid deleted = PyValues.toTid(client.value(ZeoMethods.TPC_FINISH, 2L));
		ZeoMessage load = client.call(ZeoMethods.LOAD_BEFORE, Oid.of(1).toBytes(), Tid.MAX.toBytes());
		assertThat(load).isInstanceOfSatisfying(ZeoErrorReply.class,
				(error) -> assertThat(error.className()).isEqualTo(ZeoErrors.POS_KEY_ERROR));
		List<Object> before = PyValues.toList(
				client.value(ZeoMethods.LOAD_BEFORE, Oid.of(1).toBytes(), deleted.toBytes()));
		assertThat(before.get(0)).isEqualTo("doomed".getBytes());
		List<Object> root = PyValues.toList(client.value(ZeoMethods.RECORD_ITERNEXT, (Object) null));
		assertRecord(root, Oid.ROOT, created, "root", null);
	}

	@ParameterizedTest
	@ValueSource(strings = { "memory", "file" })
	void deleteObjectWithAStaleSerialFailsTheVote(String kind) throws Exception {
		ZeoTestClient client = registeredClient(kind);
		Tid created = commit(client, 1, Map.of(Oid.ROOT, "root"));
		client.send(ZeoMethods.TPC_BEGIN, 2L, new byte[0], new byte[0], Map.of(), null, " ");
		client.send(ZeoMethods.DELETE_OBJECT, Oid.ROOT.toBytes(), Tid.of(created.value() - 1).toBytes(), 2L);
		ZeoMessage vote = client.call(ZeoMethods.VOTE, 2L);
		assertThat(vote).isInstanceOfSatisfying(ZeoErrorReply.class,
				(error) -> assertThat(error.className()).isEqualTo(ZeoErrors.CONFLICT_ERROR));
		client.value(ZeoMethods.TPC_ABORT, 2L);
		List<Object> root = PyValues.toList(client.value(ZeoMethods.LOAD_BEFORE, Oid.ROOT.toBytes(), Tid.MAX.toBytes()));
		assertThat(root.get(0)).isEqualTo("root".getBytes());
	}

	private ZeoTestClient registeredClient(String kind) throws Exception {
		StorageServer server = this.fixture.start(ServerOptions.of(this.fixture.storage(kind)));
		return this.fixture.register(server);
	}

	private static Tid commit(ZeoTestClient client, long txn, Map<Oid, String> records) throws Exception {
		client.send(ZeoMethods.TPC_BEGIN, txn, new byte[0], new byte[0], Map.of(), null, " ");
		for (Map.Entry<Oid, String> record : records.entrySet()) {
			client.send(ZeoMethods.STOREA, record.getKey().toBytes(), Tid.ZERO.toBytes(), record.getValue().getBytes(),
					txn);
		}
		assertThat(PyValues.toList(client.value(ZeoMethods.VOTE, txn))).isEmpty();
		return PyValues.toTid(client.value(ZeoMethods.TPC_FINISH, txn));
	}

	private static void assertRecord(List<Object> reply, Oid oid, Tid serial, String data, @Nullable Oid next) {
		assertThat(reply).hasSize(4);
		assertThat(PyValues.toOid(reply.get(0))).isEqualTo(oid);
		assertThat(PyValues.toTid(reply.get(1))).isEqualTo(serial);
		assertThat(reply.get(2)).isEqualTo(data.getBytes());
		if (next == null) {
			assertThat(reply.get(3)).isNull();
		}
		else {
			assertThat(PyValues.toOid(reply.get(3))).isEqualTo(next);
		}
	}

	private static void assertValueError(ZeoMessage reply, String message) {
		assertThat(reply).isInstanceOfSatisfying(ZeoErrorReply.class, (error) -> {
			assertThat(error.className()).isEqualTo(ZeoErrors.VALUE_ERROR);
			assertThat(PyValues.toList(error.payload())).containsExactly(message);
		});
	}

}
