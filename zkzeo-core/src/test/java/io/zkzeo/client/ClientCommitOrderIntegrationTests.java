package io.zkzeo.client;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.zkzeo.server.ServerOptions;
import io.zkzeo.server.StorageServer;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TransactionMetaData;
import io.zkzeo.storage.file.FileStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients committing at once to a FileStorage with group commit, where a later transaction can be made durable and
 * published together with an earlier one: each client must still hear of its own commits and of the others' in
 * tid order, or a snapshot taken between the two would mix revisions. Half the clients' listeners are told on the
 * dispatch thread, half (non-blocking ones) on the event loop.
 */
class ClientCommitOrderIntegrationTests {

	private static final int CLIENTS = 6;

	private static final Duration RUN_TIME = Duration.ofSeconds(2);

	@TempDir
	Path dir;

	@Test
	void everyClientHearsOfCommitsInTidOrder() throws Exception {
		try (FileStorage storage = FileStorage.open(this.dir.resolve("Data.fs"));
				StorageServer server = new StorageServer(
						ServerOptions.of(storage).withAddress("127.0.0.1", 0).withCloseStorages(false)).start()) {
			ClientOptions options = ClientOptions.of(server.boundAddress());
			List<ClientStorage> clients = new ArrayList<>();
			List<RecordingListener> listeners = new ArrayList<>();
			for (int i = 0; i < CLIENTS; i++) {
				ClientStorage client = new ClientStorage(options.withName("client-" + i));
				RecordingListener listener = new RecordingListener(i % 2 == 0);
				client.addInvalidationListener(listener);
				clients.add(client);
				listeners.add(listener);
			}
			ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
			long deadline = System.nanoTime() + RUN_TIME.toNanos();
			List<Thread> threads = new ArrayList<>();
			for (ClientStorage client : clients) {
				threads.add(new Thread(() -> commitUntil(client, deadline, failures), "committer-" + client.getName()));
			}
			threads.forEach(Thread::start);
			for (Thread thread : threads) {
				thread.join(RUN_TIME.toMillis() + 60_000);
				assertThat(thread.isAlive()).isFalse();
			}
			for (ClientStorage client : clients) {
				client.sync();
			}
			assertThat(failures).isEmpty();
			for (int i = 0; i < CLIENTS; i++) {
				List<Tid> heard = listeners.get(i).tids();
				assertThat(heard).as("commits heard by client-%d", i).hasSizeGreaterThan(CLIENTS);
				for (int j = 1; j < heard.size(); j++) {
					assertThat(heard.get(j)).as("commit %d heard by client-%d, after %s", j, i, heard.get(j - 1))
						.isGreaterThan(heard.get(j - 1));
				}
			}
			clients.forEach(ClientStorage::close);
		}
	}

	private static void commitUntil(ClientStorage client, long deadline, ConcurrentLinkedQueue<Throwable> failures) {
		try {
			Oid oid = client.newOid();
			Tid serial = Tid.ZERO;
			int count = 0;
			while (System.nanoTime() < deadline) {
				TransactionMetaData txn = TransactionMetaData.of("", "commit " + count);
				client.tpcBegin(txn);
				client.store(oid, serial, ("value " + count++).getBytes(StandardCharsets.UTF_8), txn);
				client.vote(txn);
				serial = client.tpcFinish(txn);
			}
		}
		catch (Throwable ex) {
			failures.add(ex);
		}
	}

}
