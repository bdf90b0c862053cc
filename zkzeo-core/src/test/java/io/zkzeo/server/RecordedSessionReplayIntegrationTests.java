package io.zkzeo.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.zkzeo.protocol.MessageCodec;
import io.zkzeo.protocol.PyValues;
import io.zkzeo.protocol.Tuple;
import io.zkzeo.protocol.ZeoCall;
import io.zkzeo.protocol.ZeoEncoding;
import io.zkzeo.protocol.ZeoErrorReply;
import io.zkzeo.protocol.ZeoMessage;
import io.zkzeo.protocol.ZeoMethods;
import io.zkzeo.protocol.ZeoReply;
import io.zkzeo.storage.Storage;
import io.zkzeo.storage.file.FileStorage;
import io.zkzeo.storage.memory.MemoryStorage;
import io.zkzeo.storage.memory.MemoryStorageOptions;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays what the Python clients of the recorded sessions sent (connections 1 to 3, M5 and Z5) to our server over
 * real sockets and compares every message our server sends with the one the Python server sent, in order per
 * connection, structurally, with tids treated as data.
 */
class RecordedSessionReplayIntegrationTests {

	@TempDir
	Path directory;

	private EventLoopGroup group;

	private final List<AutoCloseable> resources = new ArrayList<>();

	@BeforeEach
	void createGroup() {
		this.group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
	}

	@AfterEach
	void close() throws Exception {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
		this.group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
	}

	static Stream<Arguments> sessions() {
		return Stream.of(Arguments.of(RecordedSession.M5, ZeoEncoding.MSGPACK, "memory"),
				Arguments.of(RecordedSession.M5, ZeoEncoding.MSGPACK, "file"),
				Arguments.of(RecordedSession.Z5, ZeoEncoding.PICKLE, "memory"),
				Arguments.of(RecordedSession.Z5, ZeoEncoding.PICKLE, "file"));
	}

	@ParameterizedTest(name = "{0} over {2}")
	@MethodSource("sessions")
	void serverRepliesAsPythonDid(String resource, ZeoEncoding encoding, String storageKind) throws Exception {
		Storage storage = "file".equals(storageKind) ? FileStorage.open(this.directory.resolve("Data.fs"))
				: new MemoryStorage(MemoryStorageOptions.defaults());
		this.resources.add(storage);
		StorageServer server = new StorageServer(
				ServerOptions.of(storage).withMsgpack(encoding == ZeoEncoding.MSGPACK)).start();
		this.resources.add(server);
		MessageCodec codec = encoding.newCodec();
		TidTranslation tids = new TidTranslation("file".equals(storageKind));
		Map<Integer, ZeoTestClient> clients = new HashMap<>();
		List<String> differences = new ArrayList<>();
		int compared = 0;
		for (RecordedSession.Frame frame : RecordedSession.frames(resource)) {
			if (frame.conn() > 3) {
				continue;
			}
			if (frame.isHandshake()) {
				if (!frame.clientToServer()) {
					ZeoTestClient client = ZeoTestClient.connect(this.group, server.boundAddress());
					this.resources.add(client);
					assertThat(client.protocol.encoding()).isEqualTo(encoding);
					clients.put(frame.conn(), client);
				}
				continue;
			}
			ZeoTestClient client = clients.get(frame.conn());
			ZeoMessage recorded = frame.message(codec);
			if (frame.clientToServer()) {
				client.sendMessage(translate((ZeoCall) recorded, tids));
				continue;
			}
			ZeoMessage ours = client.next();
			compare(frame, recorded, ours, tids, differences);
			compared++;
		}
		assertThat(differences).as("differences from the recorded replies").isEmpty();
		assertThat(compared).isGreaterThan(80);
	}

	private static ZeoCall translate(ZeoCall call, TidTranslation tids) {
		List<@Nullable Object> args = new ArrayList<>(call.args());
		if (ZeoMethods.PACK.equals(call.method())) {
			args.set(0, System.currentTimeMillis() / 1000.0);
		}
		Object msgid = tids.toOurs(call.msgid());
		return new ZeoCall(msgid, call.async(), call.method(), (Tuple) tids.toOurs(Tuple.copyOf(args)));
	}

	/**
	 * Drops from our {@code get_info} reply the one key Python's has not: the offer of zkzeo's {@code vote_and_finish},
	 * which Python's clients ignore as they ignore any key they do not know.
	 */
	private static @Nullable Object withoutExtensionOffer(@Nullable Object recorded, @Nullable Object ours) {
		if (ours instanceof Map<?, ?> info && recorded instanceof Map<?, ?> python
				&& Boolean.TRUE.equals(info.get(ZeoMethods.INFO_VOTE_AND_FINISH))
				&& !python.containsKey(ZeoMethods.INFO_VOTE_AND_FINISH)) {
			Map<Object, @Nullable Object> withoutOffer = new LinkedHashMap<>(info);
			withoutOffer.remove(ZeoMethods.INFO_VOTE_AND_FINISH);
			return withoutOffer;
		}
		return ours;
	}

	private static void compare(RecordedSession.Frame frame, ZeoMessage recorded, ZeoMessage ours,
			TidTranslation tids, List<String> differences) {
		String where = frame.toString();
		if (recorded.getClass() != ours.getClass()) {
			differences.add(where + ": recorded " + recorded + ", ours " + ours);
			return;
		}
		Object expectedMsgid = tids.toOurs(recorded.msgid());
		if (!PyValues.deepEquals(expectedMsgid, ours.msgid())) {
			differences.add(where + ": msgid " + PyValues.repr(expectedMsgid) + " expected, ours " + PyValues.repr(ours.msgid()));
		}
		if (recorded instanceof ZeoReply expected) {
			tids.compare(where, expected.value(), withoutExtensionOffer(expected.value(), ((ZeoReply) ours).value()),
					differences);
		}
		else if (recorded instanceof ZeoErrorReply expected) {
			ZeoErrorReply actual = (ZeoErrorReply) ours;
			if (!expected.className().equals(actual.className())) {
				differences.add(where + ": recorded " + expected + ", ours " + actual);
				return;
			}
			tids.compare(where, expected.payload(), actual.payload(), differences);
		}
		else {
			ZeoCall expected = (ZeoCall) recorded;
			ZeoCall actual = (ZeoCall) ours;
			if (!expected.method().equals(actual.method()) || expected.async() != actual.async()) {
				differences.add(where + ": recorded " + expected + ", ours " + actual);
				return;
			}
			tids.compare(where, expected.args(), actual.args(), differences);
		}
	}

}
