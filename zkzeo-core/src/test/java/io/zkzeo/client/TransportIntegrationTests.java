package io.zkzeo.client;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.netty.channel.epoll.Epoll;
import io.zkzeo.protocol.Transport;
import io.zkzeo.server.ServerOptions;
import io.zkzeo.server.StorageServer;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.conformance.TestCommits;
import io.zkzeo.storage.conformance.TestRecords;
import io.zkzeo.storage.memory.MemoryStorage;
import io.zkzeo.storage.memory.MemoryStorageOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A server and its clients on each pair of {@link Transport}s, over sockets on 127.0.0.1: commits, invalidations,
 * and a transaction of several megabytes, larger than the sockets' buffers, read back in one prefetch.
 */
class TransportIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final MemoryStorage memory = new MemoryStorage(MemoryStorageOptions.defaults());

	private final List<AutoCloseable> resources = new ArrayList<>();

	@AfterEach
	void closeEverything() throws Exception {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
		this.memory.close();
	}

	@ParameterizedTest(name = "server {0}, clients {1}")
	@CsvSource({ "NIO, NIO", "EPOLL, EPOLL", "NIO, EPOLL", "EPOLL, NIO" })
	void serverAndClientsWorkTogetherOnEitherTransport(Transport server, Transport clients) throws Exception {
		assumeTrue(Epoll.isAvailable() || (server == Transport.NIO && clients == Transport.NIO),
				() -> "epoll is not available here: " + Epoll.unavailabilityCause());
		StorageServer started = new StorageServer(ServerOptions.of(this.memory).withTransport(server)).start();
		this.resources.add(started);
		InetSocketAddress address = started.boundAddress();
		ClientStorage writer = client(address, clients);
		TwoClients.hearEachOthersCommitsInTidOrder(writer, client(address, clients));
		List<Oid> oids = writer.newOids(200);
		List<TestCommits.Store> stores = new ArrayList<>();
		for (int i = 0; i < oids.size(); i++) {
			stores.add(TestCommits.store(oids.get(i), Tid.ZERO, bigRecord(i)));
		}
		TestCommits.commit(writer, "records larger than a socket buffer", stores.toArray(TestCommits.Store[]::new));
		ClientStorage reader = client(address, clients);
		reader.prefetch(oids, Tid.MAX).get(WAIT.toSeconds(), TimeUnit.SECONDS);
		for (int i = 0; i < oids.size(); i++) {
			assertThat(reader.load(oids.get(i)).data()).isEqualTo(bigRecord(i));
		}
	}

	private ClientStorage client(InetSocketAddress address, Transport transport) {
		ClientStorage client = new ClientStorage(
				ClientOptions.of(address).withWaitTimeout(WAIT).withTransport(transport));
		this.resources.add(client);
		return client;
	}

	private static byte[] bigRecord(int i) {
		return TestRecords.mapping(Map.of(Integer.toString(i).repeat(20_000 / Integer.toString(i).length() + 1), i));
	}

}
