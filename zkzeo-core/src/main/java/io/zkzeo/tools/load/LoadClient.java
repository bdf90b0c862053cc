package io.zkzeo.tools.load;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.zkzeo.client.ClientOptions;
import io.zkzeo.client.ClientStorage;
import io.zkzeo.db.Connection;
import io.zkzeo.db.DB;
import io.zkzeo.db.DbOptions;
import io.zkzeo.db.PersistentList;
import io.zkzeo.db.PersistentMap;
import io.zkzeo.db.TransactionManager;
import org.jspecify.annotations.Nullable;

/**
 * One client of a load run: its own {@link ClientStorage} and {@link DB}, writing and reading only under
 * its own container ({@code root[run][client]}), so clients never conflict. Each round adds a list of new
 * objects under the key {@code r<round mod 8>} (replacing the list of eight rounds before), changes each of them,
 * then reads them cold, warm and hot. Every
 * phase method runs one transaction and returns how long it took in nanoseconds. Used by one thread at a
 * time.
 */
final class LoadClient implements AutoCloseable {

	static final String VALUE = "value";

	static final String PAYLOAD = "payload";

	private static final String PAYLOAD_TEXT = "x".repeat(64);

	/** How many rounds' objects a client's container holds at most. */
	static final int ROUND_SLOTS = 8;

	private final InetSocketAddress address;

	private final String storageName;

	private final String runKey;

	private final String clientKey;

	private final int objectsPerTransaction;

	private final Duration waitTimeout;

	private final TransactionManager manager = new TransactionManager();

	private @Nullable DB db;

	private @Nullable Connection connection;

	LoadClient(InetSocketAddress address, String storageName, String runKey, String clientKey,
			int objectsPerTransaction, Duration waitTimeout) {
		this.address = address;
		this.storageName = storageName;
		this.runKey = runKey;
		this.clientKey = clientKey;
		this.objectsPerTransaction = objectsPerTransaction;
		this.waitTimeout = waitTimeout;
	}

	/**
	 * Opens a new client storage, database and connection, dropping those open before: the next reads find
	 * every cache empty.
	 */
	void reopen() {
		close();
		ClientStorage storage = new ClientStorage(ClientOptions.of(this.address).withStorageName(this.storageName)
			.withName("load-" + this.clientKey)
			.withWaitTimeout(this.waitTimeout));
		DB database = new DB(storage, DbOptions.defaults().withPoolSize(1));
		this.db = database;
		this.connection = database.open(this.manager);
	}

	long add(int round) {
		return timed(() -> {
			List<PersistentMap<String, Object>> objects = new ArrayList<>(this.objectsPerTransaction);
			for (int i = 0; i < this.objectsPerTransaction; i++) {
				PersistentMap<String, Object> object = new PersistentMap<>();
				object.put(VALUE, 0);
				object.put(PAYLOAD, PAYLOAD_TEXT);
				objects.add(object);
			}
			container().put(key(round), new PersistentList<>(objects));
		}, true);
	}

	long update(int round) {
		return timed(() -> {
			for (PersistentMap<String, Object> object : objects(round)) {
				object.put(VALUE, round + 1);
			}
		}, true);
	}

	/**
	 * Reads every object of a round and checks it carries the value the update phase wrote.
	 * @param round the round
	 * @return nanoseconds taken
	 */
	long read(int round) {
		return timed(() -> {
			int expected = round + 1;
			for (PersistentMap<String, Object> object : objects(round)) {
				Object value = object.get(VALUE);
				if (!(value instanceof Number number) || number.intValue() != expected) {
					throw new IllegalStateException("Client " + this.clientKey + " read " + value + " in round " + round
							+ ", expected " + expected);
				}
			}
		}, false);
	}

	/**
	 * Turns every object of the connection's cache into a ghost; the client storage's cache stays warm.
	 */
	void emptyObjectCache() {
		connection().cacheMinimize();
	}

	private long timed(Runnable work, boolean commit) {
		long start = System.nanoTime();
		this.manager.begin();
		try {
			work.run();
			if (commit) {
				this.manager.commit();
			}
			else {
				this.manager.abort();
			}
		}
		catch (RuntimeException ex) {
			this.manager.abort();
			throw ex;
		}
		return System.nanoTime() - start;
	}

	@SuppressWarnings("unchecked")
	private PersistentMap<String, Object> container() {
		Map<String, Object> run = (Map<String, Object>) connection().root().get(this.runKey);
		if (run == null) {
			throw new IllegalStateException("No load run '" + this.runKey + "' in the root");
		}
		return (PersistentMap<String, Object>) run.get(this.clientKey);
	}

	@SuppressWarnings("unchecked")
	private List<PersistentMap<String, Object>> objects(int round) {
		Object objects = container().get(key(round));
		if (objects == null) {
			throw new IllegalStateException("Client " + this.clientKey + " has no objects of round " + round);
		}
		return (List<PersistentMap<String, Object>>) objects;
	}

	/**
	 * Returns the container key of a round's objects. Keys are reused after {@link #ROUND_SLOTS} rounds, so the
	 * container stays small and every round costs the same however long the run goes on.
	 */
	private static String key(int round) {
		return "r" + (round % ROUND_SLOTS);
	}

	private Connection connection() {
		if (this.connection == null) {
			throw new IllegalStateException("Client " + this.clientKey + " is not open");
		}
		return this.connection;
	}

	@Override
	public void close() {
		if (this.connection != null) {
			this.connection.close();
			this.connection = null;
		}
		if (this.db != null) {
			this.db.close();
			this.db = null;
		}
	}

}
