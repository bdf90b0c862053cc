package io.zkzeo.server;

import java.util.List;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.zkzeo.protocol.PyValues;
import io.zkzeo.protocol.ZeoCall;
import io.zkzeo.protocol.ZeoErrorReply;
import io.zkzeo.protocol.ZeoErrors;
import io.zkzeo.protocol.ZeoMessage;
import io.zkzeo.protocol.ZeoMethods;
import io.zkzeo.protocol.ZeoReply;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.memory.MemoryStorage;
import io.zkzeo.storage.memory.MemoryStorageOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first calls of every client and the commit path over real sockets, against a MemoryStorage.
 */
class StorageServerCommitIntegrationTests {

	private EventLoopGroup group;

	private MemoryStorage storage;

	private StorageServer server;

	@BeforeEach
	void start() {
		this.group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
		this.storage = new MemoryStorage(MemoryStorageOptions.defaults());
		this.server = new StorageServer(ServerOptions.of(this.storage)).start();
	}

	@AfterEach
	void stop() {
		this.server.close();
		this.storage.close();
		this.group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
	}

	@Test
	void registerAnswersTheLastTransactionAndGetInfoDescribesTheStorage() throws Exception {
		try (ZeoTestClient client = ZeoTestClient.connect(this.group, this.server.boundAddress())) {
			assertThat(PyValues.toTid(client.value(ZeoMethods.REGISTER, "1", false))).isEqualTo(Tid.ZERO);
			var info = PyValues.toMap(client.value(ZeoMethods.GET_INFO));
			assertThat(info).containsKeys("length", "size", "name", "supportsUndo", "supports_record_iternext",
					"interfaces");
			assertThat(PyValues.toTid(client.value(ZeoMethods.LAST_TRANSACTION))).isEqualTo(Tid.ZERO);
			ZeoMessage missing = client.call(ZeoMethods.LOAD_BEFORE, Oid.ROOT.toBytes(), Tid.MAX.toBytes());
			assertThat(missing).isInstanceOfSatisfying(ZeoErrorReply.class,
					(error) -> assertThat(error.className()).isEqualTo(ZeoErrors.POS_KEY_ERROR));
		}
	}

	@Test
	void commitSendsInfoThenTidToTheCommitterAndInvalidatesTheOthers() throws Exception {
		try (ZeoTestClient a = registered(); ZeoTestClient b = registered()) {
			List<Object> oids = PyValues.toList(a.value(ZeoMethods.NEW_OIDS));
			assertThat(oids).hasSize(100);
			Oid oid = PyValues.toOid(oids.get(0));
			a.send(ZeoMethods.TPC_BEGIN, 7L, new byte[0], "first".getBytes(), java.util.Map.of(), null, " ");
			a.send(ZeoMethods.STOREA, Oid.ROOT.toBytes(), Tid.ZERO.toBytes(), "root".getBytes(), 7L);
			a.send(ZeoMethods.STOREA, oid.toBytes(), Tid.ZERO.toBytes(), "child".getBytes(), 7L);
			assertThat(PyValues.toList(a.value(ZeoMethods.VOTE, 7L))).isEmpty();
			long finish = a.callLater(ZeoMethods.TPC_FINISH, 7L);
			ZeoMessage info = a.next();
			assertThat(info).isInstanceOfSatisfying(ZeoCall.class,
					(call) -> assertThat(call.method()).isEqualTo(ZeoMethods.INFO));
			ZeoMessage reply = a.next();
			assertThat(reply.msgid()).isEqualTo(finish);
			Tid tid = ((ZeoReply) reply).tidValue();
			assertThat(tid).isEqualTo(this.storage.lastTransaction());

			Object last = b.value(ZeoMethods.LAST_TRANSACTION);
			assertThat(PyValues.toTid(last)).isEqualTo(tid);
			assertThat(b.asyncCalls).hasSize(1);
			ZeoCall invalidation = b.asyncCalls.get(0);
			assertThat(invalidation.method()).isEqualTo(ZeoMethods.INVALIDATE_TRANSACTION);
			assertThat(invalidation.tidArg(0)).isEqualTo(tid);
			assertThat(invalidation.listArg(1)).map(PyValues::toOid).containsExactly(Oid.ROOT, oid);
			assertThat(a.asyncCalls).isEmpty();

			List<Object> loaded = PyValues.toList(b.value(ZeoMethods.LOAD_BEFORE, oid.toBytes(), Tid.MAX.toBytes()));
			assertThat(loaded.get(0)).isEqualTo("child".getBytes());
			assertThat(PyValues.toTid(loaded.get(1))).isEqualTo(tid);
			assertThat(loaded.get(2)).isNull();
		}
	}

	@Test
	void abortDiscardsTheStoresAndReleasesTheLock() throws Exception {
		try (ZeoTestClient a = registered(); ZeoTestClient b = registered()) {
			a.send(ZeoMethods.TPC_BEGIN, 1L, new byte[0], new byte[0], java.util.Map.of(), null, " ");
			a.send(ZeoMethods.STOREA, Oid.ROOT.toBytes(), Tid.ZERO.toBytes(), "aborted".getBytes(), 1L);
			assertThat(PyValues.toList(a.value(ZeoMethods.VOTE, 1L))).isEmpty();
			assertThat(a.value(ZeoMethods.TPC_ABORT, 1L)).isNull();
			assertThat(a.value(ZeoMethods.TPC_ABORT, 1L)).isNull();
			b.send(ZeoMethods.TPC_BEGIN, 2L, new byte[0], new byte[0], java.util.Map.of(), null, " ");
			b.send(ZeoMethods.STOREA, Oid.ROOT.toBytes(), Tid.ZERO.toBytes(), "kept".getBytes(), 2L);
			assertThat(PyValues.toList(b.value(ZeoMethods.VOTE, 2L))).isEmpty();
			Tid tid = PyValues.toTid(b.value(ZeoMethods.TPC_FINISH, 2L));
			assertThat(this.storage.load(Oid.ROOT).data()).isEqualTo("kept".getBytes());
			assertThat(this.storage.load(Oid.ROOT).serial()).isEqualTo(tid);
			assertThat(this.server.status().storage("1").aborts()).isEqualTo(1);
			assertThat(this.server.status().storage("1").commits()).isEqualTo(1);
		}
	}

	@Test
	void commitsMadeDirectlyInTheStorageAreBroadcastToEveryClient() throws Exception {
		try (ZeoTestClient a = registered(); ZeoTestClient b = registered()) {
			io.zkzeo.storage.TransactionMetaData txn = io.zkzeo.storage.TransactionMetaData.of("", "in process");
			this.storage.tpcBegin(txn);
			this.storage.store(Oid.ROOT, Tid.ZERO, "direct".getBytes(), txn);
			this.storage.vote(txn);
			Tid tid = this.storage.tpcFinish(txn);
			for (ZeoTestClient client : List.of(a, b)) {
				assertThat(PyValues.toTid(client.value(ZeoMethods.LAST_TRANSACTION))).isEqualTo(tid);
				assertThat(client.asyncCalls).singleElement().satisfies((call) -> {
					assertThat(call.method()).isEqualTo(ZeoMethods.INVALIDATE_TRANSACTION);
					assertThat(call.tidArg(0)).isEqualTo(tid);
				});
			}
		}
	}

	@Test
	void readsGoOnWhileAVoteWaitsForTheCommitLock() throws Exception {
		try (ZeoTestClient a = registered(); ZeoTestClient b = registered(); ZeoTestClient c = registered()) {
			a.send(ZeoMethods.TPC_BEGIN, 1L, new byte[0], new byte[0], java.util.Map.of(), null, " ");
			a.send(ZeoMethods.STOREA, Oid.ROOT.toBytes(), Tid.ZERO.toBytes(), "a".getBytes(), 1L);
			a.value(ZeoMethods.VOTE, 1L);
			b.send(ZeoMethods.TPC_BEGIN, 2L, new byte[0], new byte[0], java.util.Map.of(), null, " ");
			b.send(ZeoMethods.STOREA, Oid.of(1).toBytes(), Tid.ZERO.toBytes(), "b".getBytes(), 2L);
			long vote = b.callLater(ZeoMethods.VOTE, 2L);
			assertThat(c.call(ZeoMethods.LOAD_BEFORE, Oid.ROOT.toBytes(), Tid.MAX.toBytes()))
				.isInstanceOf(ZeoErrorReply.class);
			assertThat(c.value(ZeoMethods.LAST_TRANSACTION)).isEqualTo(Tid.ZERO.toBytes());
			assertThat(a.value(ZeoMethods.TPC_ABORT, 1L)).isNull();
			assertThat(b.awaitReply(vote)).isInstanceOf(ZeoReply.class);
			assertThat(b.value(ZeoMethods.TPC_FINISH, 2L)).isNotNull();
			assertThat(b.asyncCalls).extracting(ZeoCall::method).containsExactly(ZeoMethods.INFO);
		}
	}

	@Test
	void restartedServerAnswersGetInvalidationsForTheLastTransactionOnly() throws Exception {
		Tid last;
		try (ZeoTestClient a = registered()) {
			a.send(ZeoMethods.TPC_BEGIN, 1L, new byte[0], new byte[0], java.util.Map.of(), null, " ");
			a.send(ZeoMethods.STOREA, Oid.ROOT.toBytes(), Tid.ZERO.toBytes(), "a".getBytes(), 1L);
			a.value(ZeoMethods.VOTE, 1L);
			a.value(ZeoMethods.TPC_FINISH, 1L);
			a.send(ZeoMethods.TPC_BEGIN, 2L, new byte[0], new byte[0], java.util.Map.of(), null, " ");
			a.send(ZeoMethods.STOREA, Oid.of(1).toBytes(), Tid.ZERO.toBytes(), "b".getBytes(), 2L);
			a.value(ZeoMethods.VOTE, 2L);
			last = PyValues.toTid(a.value(ZeoMethods.TPC_FINISH, 2L));
		}
		this.server.close();
		this.server = new StorageServer(ServerOptions.of(this.storage)).start();
		try (ZeoTestClient b = registered()) {
			List<Object> upToDate = PyValues.toList(b.value(ZeoMethods.GET_INVALIDATIONS, last.toBytes()));
			assertThat(PyValues.toTid(upToDate.get(0))).isEqualTo(last);
			assertThat(PyValues.toList(upToDate.get(1))).isEmpty();
			assertThat(b.value(ZeoMethods.GET_INVALIDATIONS, last.previous().toBytes())).isNull();
		}
	}

	private ZeoTestClient registered() throws Exception {
		ZeoTestClient client = ZeoTestClient.connect(this.group, this.server.boundAddress());
		client.value(ZeoMethods.REGISTER, "1", false);
		return client;
	}

}
