package io.zkzeo.server;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zkzeo.protocol.PyValues;
import io.zkzeo.protocol.ZeoErrorReply;
import io.zkzeo.protocol.ZeoErrors;
import io.zkzeo.protocol.ZeoMessage;
import io.zkzeo.protocol.ZeoMethods;
import io.zkzeo.protocol.ZeoProtocolOptions;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.ReadOnlyError;
import io.zkzeo.storage.Storage;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.memory.MemoryStorage;
import io.zkzeo.storage.memory.MemoryStorageOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connection-level behaviour over real sockets: registration rules, read-only serving, bad input, {@code ruok},
 * {@code getInvalidations}, unsupported calls and closing the server.
 */
class StorageServerConnectionIntegrationTests {

	@RegisterExtension
	final ServerFixture fixture = new ServerFixture();

	@Test
	void portZeroBindsAPortChosenByTheSystem() {
		StorageServer server = this.fixture.start(ServerOptions.of(this.fixture.storage("memory")));
		assertThat(server.boundAddress().getPort()).isPositive();
		assertThat(server.boundAddress().getAddress().isLoopbackAddress()).isTrue();
		assertThat(server.isRunning()).isTrue();
	}

	@Test
	void unknownStorageNameIsAValueError() throws Exception {
		StorageServer server = this.fixture.start(ServerOptions.of(this.fixture.storage("memory")));
		ZeoTestClient client = this.fixture.connect(server);
		ZeoMessage reply = client.call(ZeoMethods.REGISTER, "nope", false);
		assertThat(reply).isInstanceOfSatisfying(ZeoErrorReply.class, (error) -> {
			assertThat(error.className()).isEqualTo(ZeoErrors.VALUE_ERROR);
			assertThat(error.payload()).isEqualTo(List.of("unknown storage: nope"));
		});
		assertThat(client.value(ZeoMethods.REGISTER, "1", true)).isNotNull();
	}

	@Test
	void storagesAreServedByName() throws Exception {
		Storage first = this.fixture.storage("memory");
		Storage second = this.fixture.storage("file");
		StorageServer server = this.fixture
			.start(ServerOptions.builder().storage("main", first).storage("other", second).build());
		ZeoTestClient main = this.fixture.connect(server);
		main.value(ZeoMethods.REGISTER, "main", false);
		ZeoTestClient other = this.fixture.connect(server);
		other.value(ZeoMethods.REGISTER, "other", false);
		ServerFixture.beginAndStore(main, 1, Oid.ROOT, Tid.ZERO, "in main");
		main.value(ZeoMethods.VOTE, 1L);
		main.value(ZeoMethods.TPC_FINISH, 1L);
		assertThat(first.load(Oid.ROOT).data()).isEqualTo("in main".getBytes());
		assertThat(second.lastTransaction()).isEqualTo(Tid.ZERO);
		assertThat(other.value(ZeoMethods.PING)).isNull();
		assertThat(other.asyncCalls).isEmpty();
		assertThat(server.status().storages()).containsOnlyKeys("main", "other");
		assertThat(server.status().storage("main").commits()).isEqualTo(1);
		assertThat(server.status().storage("other").commits()).isZero();
	}

	@Test
	void callBeforeRegisterClosesTheConnection() throws Exception {
		StorageServer server = this.fixture.start(ServerOptions.of(this.fixture.storage("memory")));
		ZeoTestClient client = this.fixture.connect(server);
		client.callLater(ZeoMethods.LAST_TRANSACTION);
		assertThat(client.awaitClosed()).isTrue();
	}

	@Test
	void secondRegisterAndUnlistedMethodsCloseTheConnection() throws Exception {
		StorageServer server = this.fixture.start(ServerOptions.of(this.fixture.storage("memory")));
		ZeoTestClient again = this.fixture.register(server);
		again.callLater(ZeoMethods.REGISTER, "1", false);
		assertThat(again.awaitClosed()).isTrue();
		ZeoTestClient sizeInfo = this.fixture.register(server);
		sizeInfo.callLater("get_size_info");
		assertThat(sizeInfo.awaitClosed()).isTrue();
		ServerFixture.eventually(() -> server.status().storage("1").connections() == 0);
	}

	@Test
	void heartbeatsAreIgnored() throws Exception {
		StorageServer server = this.fixture.start(ServerOptions.of(this.fixture.storage("memory")));
		ZeoTestClient client = this.fixture.register(server);
		client.sendMessage(io.zkzeo.protocol.ZeoReply.heartbeat());
		assertThat(client.value(ZeoMethods.PING)).isNull();
		assertThat(client.received).hasSize(2);
	}

	@Test
	void readOnlyServerRefusesWritesButServesReads() throws Exception {
		Storage storage = this.fixture.storage("memory");
		StorageServer writable = this.fixture.start(ServerOptions.of(storage));
		ZeoTestClient writer = this.fixture.register(writable);
		ServerFixture.beginAndStore(writer, 1, Oid.ROOT, Tid.ZERO, "root");
		writer.value(ZeoMethods.VOTE, 1L);
		Tid tid = PyValues.toTid(writer.value(ZeoMethods.TPC_FINISH, 1L));

		StorageServer server = this.fixture.start(ServerOptions.of(storage).withReadOnly(true));
		ZeoTestClient client = this.fixture.connect(server);
		ZeoMessage refused = client.call(ZeoMethods.REGISTER, "1", false);
		assertThat(refused).isInstanceOfSatisfying(ZeoErrorReply.class, (error) -> {
			assertThat(error.className()).isEqualTo(ZeoErrors.READ_ONLY_ERROR);
			assertThat(error.payload()).isEqualTo(List.of());
			assertThat(error.toException("1")).isInstanceOf(ReadOnlyError.class);
		});
		assertThat(PyValues.toTid(client.value(ZeoMethods.REGISTER, "1", true))).isEqualTo(tid);
		List<Object> root = PyValues.toList(client.value(ZeoMethods.LOAD_BEFORE, Oid.ROOT.toBytes(), Tid.MAX.toBytes()));
		assertThat(root.get(0)).isEqualTo("root".getBytes());
		assertThat(client.call(ZeoMethods.NEW_OIDS)).isInstanceOfSatisfying(ZeoErrorReply.class,
				(error) -> assertThat(error.className()).isEqualTo(ZeoErrors.READ_ONLY_ERROR));
		assertThat(client.call(ZeoMethods.VOTE, 1L)).isInstanceOfSatisfying(ZeoErrorReply.class,
				(error) -> assertThat(error.className()).isEqualTo(ZeoErrors.READ_ONLY_ERROR));
		client.send(ZeoMethods.TPC_BEGIN, 2L, new byte[0], new byte[0], Map.of(), null, " ");
		assertThat(client.awaitClosed()).isTrue();
		assertThat(storage.lastTransaction()).isEqualTo(tid);
	}

	@Test
	void readOnlyStorageRefusesWritableRegistration() throws Exception {
		MemoryStorage storage = new MemoryStorage(MemoryStorageOptions.defaults().withReadOnly(true));
		StorageServer server = this.fixture.start(ServerOptions.of(storage).withCloseStorages(true));
		ZeoTestClient client = this.fixture.connect(server);
		assertThat(client.call(ZeoMethods.REGISTER, "1", false)).isInstanceOfSatisfying(ZeoErrorReply.class,
				(error) -> assertThat(error.className()).isEqualTo(ZeoErrors.READ_ONLY_ERROR));
		assertThat(client.value(ZeoMethods.REGISTER, "1", true)).isNotNull();
	}

	@Test
	void badFrameClosesOnlyItsOwnConnection() throws Exception {
		StorageServer server = this.fixture.start(ServerOptions.of(this.fixture.storage("memory")));
		ZeoTestClient healthy = this.fixture.register(server);
		try (Socket bad = handshaken(server)) {
			bad.getOutputStream().write(HexFormat.of().parseHex("000000049401c2c1"));
			bad.getOutputStream().flush();
			assertClosedByServer(bad);
		}
		try (Socket huge = handshaken(server)) {
			huge.getOutputStream().write(HexFormat.of().parseHex("7fffffff0102030405"));
			assertClosedByServer(huge);
		}
		assertThat(healthy.value(ZeoMethods.PING)).isNull();
		ServerFixture.beginAndStore(healthy, 1, Oid.ROOT, Tid.ZERO, "still fine");
		healthy.value(ZeoMethods.VOTE, 1L);
		assertThat(healthy.value(ZeoMethods.TPC_FINISH, 1L)).isNotNull();
	}

	@Test
	void ruokOverARawSocketReportsWhatPythonReports() throws Exception {
		StorageServer server = this.fixture.start(ServerOptions.of(this.fixture.storage("memory")));
		ZeoTestClient client = this.fixture.register(server);
		client.call(ZeoMethods.LOAD_BEFORE, Oid.ROOT.toBytes(), Tid.MAX.toBytes());
		JsonNode recorded = recordedRuok().get("1");
		try (Socket socket = new Socket()) {
			socket.connect(server.boundAddress(), 5000);
			socket.setSoTimeout(5000);
			DataInputStream in = new DataInputStream(socket.getInputStream());
			assertThat(readFrame(in)).isEqualTo("M5".getBytes(StandardCharsets.US_ASCII));
			socket.getOutputStream().write(HexFormat.of().parseHex("0000000472756f6b"));
			JsonNode status = new ObjectMapper().readTree(readFrame(in)).get("1");
			assertThat(fieldNames(status)).containsExactlyElementsOf(fieldNames(recorded));
			assertThat(status.get("connections").asInt()).isEqualTo(1);
			assertThat(status.get("loads").asInt()).isEqualTo(1);
			assertThat(status.get("timeout-thread-is-alive").asText()).isEqualTo("stub");
			assertThat(status.get("last-transaction").asText()).isEqualTo("0000000000000000");
			assertThat(status.get("start").asText()).matches("[A-Z][a-z]{2} [A-Z][a-z]{2} [ 123]\\d \\d\\d:\\d\\d:\\d\\d \\d{4}");
			assertClosedByServer(socket);
		}
	}

	@Test
	void clientResettingItsConnectionIsALostConnectionNotAWarning() throws Exception {
		StorageServer server = this.fixture.start(ServerOptions.of(this.fixture.storage("memory")));
		Logger handlerLogger = (Logger) LoggerFactory.getLogger(ZeoServerHandler.class);
		Level level = handlerLogger.getLevel();
		ListAppender<ILoggingEvent> log = new ListAppender<>();
		log.start();
		handlerLogger.setLevel(Level.INFO);
		handlerLogger.addAppender(log);
		try {
			Socket socket = handshaken(server);
			socket.setSoLinger(true, 0);
			socket.close();
			long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
			while (log.list.isEmpty() && System.nanoTime() < deadline) {
				Thread.sleep(10);
			}
			assertThat(log.list).singleElement().satisfies((event) -> {
				assertThat(event.getLevel()).isEqualTo(Level.INFO);
				assertThat(event.getFormattedMessage()).startsWith("Lost connection /127.0.0.1:");
			});
		}
		finally {
			handlerLogger.detachAppender(log);
			handlerLogger.setLevel(level);
		}
	}

	@Test
	void getInvalidationsAnswersFromTheQueueOrNilWhenTooOld() throws Exception {
		StorageServer server = this.fixture
			.start(ServerOptions.of(this.fixture.storage("memory")).withInvalidationQueueSize(2));
		ZeoTestClient client = this.fixture.register(server);
		Tid first = commit(client, 1, Oid.ROOT, Tid.ZERO);
		Tid second = commit(client, 2, Oid.of(1), Tid.ZERO);
		Tid third = commit(client, 3, Oid.of(2), Tid.ZERO);
		List<Object> since = PyValues.toList(client.value(ZeoMethods.GET_INVALIDATIONS, second.toBytes()));
		assertThat(PyValues.toTid(since.get(0))).isEqualTo(third);
		assertThat(PyValues.toList(since.get(1))).map(PyValues::toOid).containsExactly(Oid.of(2));
		List<Object> upToDate = PyValues.toList(client.value(ZeoMethods.GET_INVALIDATIONS, third.toBytes()));
		assertThat(PyValues.toList(upToDate.get(1))).isEmpty();
		assertThat(client.value(ZeoMethods.GET_INVALIDATIONS, first.toBytes())).isNull();
		assertThat(client.value(ZeoMethods.GET_INVALIDATIONS, Tid.of(1).toBytes())).isNull();
	}

	@Test
	void getInvalidationsIteratesTheStorageWithinTheInvalidationAge() throws Exception {
		StorageServer server = this.fixture.start(ServerOptions.of(this.fixture.storage("file"))
			.withInvalidationQueueSize(1)
			.withInvalidationAge(Duration.ofHours(1)));
		ZeoTestClient client = this.fixture.register(server);
		Tid first = commit(client, 1, Oid.ROOT, Tid.ZERO);
		commit(client, 2, Oid.of(1), Tid.ZERO);
		Tid third = commit(client, 3, Oid.of(2), Tid.ZERO);
		List<Object> since = PyValues.toList(client.value(ZeoMethods.GET_INVALIDATIONS, first.toBytes()));
		assertThat(PyValues.toTid(since.get(0))).isEqualTo(third);
		assertThat(PyValues.toList(since.get(1))).map(PyValues::toOid).containsExactlyInAnyOrder(Oid.of(1), Oid.of(2));
		assertThat(client.value(ZeoMethods.GET_INVALIDATIONS, Tid.of(1).toBytes())).isNull();
	}

	@Test
	void undoInfoFiltersBeforeCountingAndUndoaRevertsATransaction() throws Exception {
		StorageServer server = this.fixture.start(ServerOptions.of(this.fixture.storage("file")));
		ZeoTestClient client = this.fixture.register(server);
		Tid first = commit(client, 1, Oid.ROOT, Tid.ZERO);
		client.send(ZeoMethods.TPC_BEGIN, 2L, "/ alice".getBytes(), "by alice".getBytes(), Map.of("app", "test"), null,
				" ");
		client.send(ZeoMethods.STOREA, Oid.ROOT.toBytes(), first.toBytes(), "changed".getBytes(), 2L);
		client.value(ZeoMethods.VOTE, 2L);
		Tid second = PyValues.toTid(client.value(ZeoMethods.TPC_FINISH, 2L));
		commit(client, 3, Oid.of(1), Tid.ZERO);
		List<Object> byAlice = PyValues.toList(client.value(ZeoMethods.UNDO_INFO, 0L, 1L, Map.of("app", "test")));
		assertThat(byAlice).hasSize(1);
		Map<Object, Object> entry = PyValues.toMap(byAlice.get(0));
		assertThat(entry.keySet()).containsExactly("id", "time", "user_name", "size", "description", "app");
		assertThat(entry.get("user_name")).isEqualTo("/ alice".getBytes());
		assertThat(PyValues.toList(client.value(ZeoMethods.UNDO_LOG, 0L, 10L))).hasSize(3);
		client.send(ZeoMethods.TPC_BEGIN, 4L, new byte[0], "undo".getBytes(), Map.of(), null, " ");
		client.send(ZeoMethods.UNDOA, entry.get("id"), 4L);
		assertThat(PyValues.toList(client.value(ZeoMethods.VOTE, 4L))).map(PyValues::toOid).containsExactly(Oid.ROOT);
		client.value(ZeoMethods.TPC_FINISH, 4L);
		List<Object> root = PyValues.toList(client.value(ZeoMethods.LOAD_BEFORE, Oid.ROOT.toBytes(), Tid.MAX.toBytes()));
		assertThat(root.get(0)).isEqualTo("data 1".getBytes());
		assertThat(PyValues.toTid(root.get(1))).isGreaterThan(second);
	}

	@Test
	void blobCallsAreAnsweredWithAClearError() throws Exception {
		StorageServer server = this.fixture.start(ServerOptions.of(this.fixture.storage("memory")));
		ZeoTestClient client = this.fixture.register(server);
		assertThat(client.call(ZeoMethods.SEND_BLOB, Oid.ROOT.toBytes(), Tid.ZERO.toBytes()))
			.isInstanceOfSatisfying(ZeoErrorReply.class, (error) -> {
				assertThat(error.className()).isEqualTo(ZeoErrors.NOT_IMPLEMENTED_ERROR);
				assertThat(error.payload()).isEqualTo(List.of("Blobs are not supported by this server"));
			});
		ServerFixture.beginAndStore(client, 1, Oid.ROOT, Tid.ZERO, "record");
		client.send(ZeoMethods.STORE_BLOB_START);
		client.send(ZeoMethods.STORE_BLOB_CHUNK, new byte[10]);
		client.send(ZeoMethods.STORE_BLOB_END, Oid.ROOT.toBytes(), Tid.ZERO.toBytes(), "record".getBytes(), 1L);
		assertThat(client.call(ZeoMethods.VOTE, 1L)).isInstanceOfSatisfying(ZeoErrorReply.class,
				(error) -> assertThat(error.payload()).isEqualTo(List.of("Blobs are not supported by this server")));
		assertThat(client.value(ZeoMethods.TPC_ABORT, 1L)).isNull();
		assertThat(client.call(ZeoMethods.NEW_OID)).isInstanceOfSatisfying(ZeoErrorReply.class,
				(error) -> assertThat(error.className()).isEqualTo("builtins.AttributeError"));
	}

	@Test
	void closeAbortsOpenTransactionsAndClosesConnections() throws Exception {
		Storage storage = this.fixture.storage("file");
		StorageServer server = this.fixture.start(ServerOptions.of(storage));
		ZeoTestClient client = this.fixture.register(server);
		ServerFixture.beginAndStore(client, 1, Oid.ROOT, Tid.ZERO, "never");
		client.value(ZeoMethods.VOTE, 1L);
		server.close();
		assertThat(client.awaitClosed()).isTrue();
		assertThat(server.isRunning()).isFalse();
		assertThat(storage.lastTransaction()).isEqualTo(Tid.ZERO);
		io.zkzeo.storage.TransactionMetaData txn = io.zkzeo.storage.TransactionMetaData.of("", "direct");
		storage.tpcBegin(txn);
		storage.store(Oid.ROOT, Tid.ZERO, "direct".getBytes(), txn);
		storage.vote(txn);
		storage.tpcFinish(txn);
		assertThat(storage.load(Oid.ROOT).data()).isEqualTo("direct".getBytes());
	}

	@Test
	void pickleServerAnnouncesZ5() throws Exception {
		StorageServer server = this.fixture
			.start(ServerOptions.of(this.fixture.storage("memory")).withMsgpack(false));
		assertThat(server.options().msgpack()).isFalse();
		ZeoTestClient client = this.fixture.register(server);
		assertThat(client.protocol).isEqualTo(io.zkzeo.protocol.ProtocolId.Z5);
		assertThat(PyValues.toList(client.value(ZeoMethods.NEW_OIDS, 3L))).hasSize(3);
	}

	@Test
	void optionsRejectBadValues() {
		Storage storage = new MemoryStorage(MemoryStorageOptions.defaults());
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> ServerOptions.builder().build())
			.withMessageContaining("storage");
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> ServerOptions.of(storage).withTransactionTimeout(Duration.ZERO));
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> ServerOptions.of(storage).withAddress("127.0.0.1", 70000));
		ServerOptions options = ServerOptions.of(storage).withProtocol(ZeoProtocolOptions.defaults().withMaxFrameLength(1024));
		assertThat(options.protocol().maxFrameLength()).isEqualTo(1024);
		assertThat(options.storages()).containsOnlyKeys("1");
	}

	private static Tid commit(ZeoTestClient client, long txn, Oid oid, Tid serial) throws Exception {
		ServerFixture.beginAndStore(client, txn, oid, serial, "data " + txn);
		client.value(ZeoMethods.VOTE, txn);
		return PyValues.toTid(client.value(ZeoMethods.TPC_FINISH, txn));
	}

	private static JsonNode recordedRuok() throws IOException {
		for (RecordedSession.Frame frame : RecordedSession.frames(RecordedSession.M5)) {
			if (frame.decoded().has("json")) {
				return frame.decoded().get("json");
			}
		}
		throw new IllegalStateException("No ruok answer in the recording");
	}

	private static List<String> fieldNames(JsonNode node) {
		List<String> names = new java.util.ArrayList<>();
		node.fieldNames().forEachRemaining(names::add);
		return names;
	}

	private static Socket handshaken(StorageServer server) throws IOException {
		Socket socket = new Socket();
		socket.connect(server.boundAddress(), 5000);
		socket.setSoTimeout(5000);
		assertThat(readFrame(new DataInputStream(socket.getInputStream()))).isEqualTo("M5".getBytes());
		socket.getOutputStream().write(HexFormat.of().parseHex("000000024d35"));
		return socket;
	}

	private static byte[] readFrame(DataInputStream in) throws IOException {
		byte[] payload = new byte[in.readInt()];
		in.readFully(payload);
		return payload;
	}

	private static void assertClosedByServer(Socket socket) throws IOException {
		InputStream in = socket.getInputStream();
		try {
			assertThat(in.read()).isEqualTo(-1);
		}
		catch (SocketException ex) {
			assertThat(ex.getMessage()).containsIgnoringCase("reset");
		}
	}

}
