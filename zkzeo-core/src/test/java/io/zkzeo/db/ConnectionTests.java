package io.zkzeo.db;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.zkzeo.pickle.Global;
import io.zkzeo.pickle.ObjectRecord;
import io.zkzeo.pickle.PersistentReference;
import io.zkzeo.pickle.PickleTuple;
import io.zkzeo.pickle.RecordCodec;
import io.zkzeo.storage.ConflictError;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.POSKeyError;
import io.zkzeo.storage.ReadConflictError;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TransactionMetaData;
import io.zkzeo.storage.memory.MemoryStorage;
import io.zkzeo.storage.memory.MemoryStorageOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Connections over a MemoryStorage: storing and loading, reachability, abort, the cache, invalidations,
 * snapshots, readCurrent, generic objects and the pool.
 */
class ConnectionTests {

	private final MemoryStorage storage = new MemoryStorage(MemoryStorageOptions.defaults());

	private DB db = new DB(this.storage, DbOptions.defaults().withPoolSize(4).withPoolTimeout(Duration.ZERO));

	@AfterEach
	void closeDb() {
		this.db.close();
	}

	@Test
	void commitShouldStoreObjectsReachableFromTheRoot() {
		TransactionManager manager = new TransactionManager();
		try (Connection connection = this.db.open(manager)) {
			Account alice = new Account("alice", 100);
			Account bob = new Account("bob", 50);
			bob.setReferrer(alice);
			bob.setNotStored(7);
			connection.root().put("bob", bob);
			assertThat(alice.getOid()).isNull();
			manager.commit();
			assertThat(bob.getOid()).isNotNull();
			assertThat(alice.getOid()).isNotNull();
			assertThat(alice.getConnection()).isSameAs(connection);
			assertThat(bob.isChanged()).isFalse();
			assertThat(bob.getSerial()).isEqualTo(this.storage.lastTransaction());
			try (Connection other = this.db.open(new TransactionManager())) {
				Account otherBob = (Account) other.root().get("bob");
				assertThat(otherBob).isNotSameAs(bob);
				assertThat(otherBob.isGhost()).isTrue();
				assertThat(otherBob.getBalance()).isEqualTo(50);
				assertThat(otherBob.isGhost()).isFalse();
				assertThat(otherBob.getNotStored()).isZero();
				assertThat(otherBob.getReferrer().getOwner()).isEqualTo("alice");
			}
		}
	}

	@Test
	void recordOfAnnotatedClassShouldBeADictOfItsFields() {
		TransactionManager manager = new TransactionManager();
		try (Connection connection = this.db.open(manager)) {
			Account account = new Account("carol", 5);
			connection.root().put("carol", account);
			manager.commit();
			ObjectRecord record = RecordCodec.generic().decode(this.storage.load(account.getOid()).data());
			assertThat(record.classMetadata()).isEqualTo(new Global("bank.model", "Account"));
			Map<Object, Object> expected = new LinkedHashMap<>();
			expected.put("owner", "carol");
			expected.put("balance", 5L);
			expected.put("transfers", 0L);
			expected.put("referrer", null);
			assertThat(record.state()).isEqualTo(expected);
		}
	}

	@Test
	void abortShouldDiscardChangesAndNewObjects() {
		TransactionManager manager = new TransactionManager();
		try (Connection connection = this.db.open(manager)) {
			Account account = new Account("dave", 10);
			connection.root().put("dave", account);
			manager.commit();
			account.deposit(5);
			Account added = new Account("eve", 1);
			connection.add(added);
			assertThat(added.getOid()).isNotNull();
			manager.abort();
			assertThat(account.getBalance()).isEqualTo(10);
			assertThat(added.getOid()).isNull();
			assertThat(added.getConnection()).isNull();
		}
	}

	@Test
	void objectsShouldBecomeGhostsBeyondTheCacheSize() {
		DB small = new DB(new MemoryStorage(MemoryStorageOptions.defaults()), DbOptions.defaults().withCacheSize(10));
		try (small) {
			small.transaction((connection) -> {
				for (int i = 0; i < 100; i++) {
					connection.root().put("a" + i, new Account("owner" + i, i));
				}
				return null;
			});
			TransactionManager manager = new TransactionManager();
			try (Connection connection = small.open(manager)) {
				long total = 0;
				for (int i = 0; i < 100; i++) {
					total += ((Account) connection.root().get("a" + i)).getBalance();
				}
				assertThat(total).isEqualTo(4950);
				manager.commit();
				assertThat(connection.cacheLoadedCount()).isLessThanOrEqualTo(10);
				Account first = (Account) connection.root().get("a0");
				assertThat(first.isGhost()).isTrue();
				assertThat(first.getOwner()).isEqualTo("owner0");
			}
		}
	}

	@Test
	void otherConnectionsShouldSeeCommitsAtTheirNextTransaction() {
		TransactionManager writerManager = new TransactionManager();
		TransactionManager readerManager = new TransactionManager();
		try (Connection writer = this.db.open(writerManager); Connection reader = this.db.open(readerManager)) {
			writer.root().put("x", new Account("x", 1));
			writerManager.commit();
			readerManager.begin();
			Account seen = (Account) reader.root().get("x");
			assertThat(seen.getBalance()).isEqualTo(1);
			Account mine = (Account) writer.root().get("x");
			mine.deposit(10);
			writerManager.commit();
			assertThat(seen.getBalance()).as("same transaction, same snapshot").isEqualTo(1);
			readerManager.commit();
			readerManager.begin();
			assertThat(seen.isGhost()).isTrue();
			assertThat(seen.getBalance()).isEqualTo(11);
		}
	}

	@Test
	void longReaderShouldSeeOneSnapshotWhileWritersCommit() {
		this.db.transaction((connection) -> {
			for (int i = 0; i < 20; i++) {
				connection.root().put("c" + i, new Account("c" + i, 100));
			}
			return null;
		});
		TransactionManager readerManager = new TransactionManager();
		try (Connection reader = this.db.open(readerManager)) {
			readerManager.begin();
			Tid snapshot = reader.snapshotTid();
			long firstHalf = 0;
			for (int i = 0; i < 10; i++) {
				firstHalf += ((Account) reader.root().get("c" + i)).getBalance();
			}
			for (int round = 0; round < 5; round++) {
				this.db.transaction((connection) -> {
					for (int i = 0; i < 20; i++) {
						((Account) connection.root().get("c" + i)).deposit(1);
					}
					return null;
				});
			}
			long secondHalf = 0;
			for (int i = 10; i < 20; i++) {
				secondHalf += ((Account) reader.root().get("c" + i)).getBalance();
			}
			assertThat(reader.snapshotTid()).isEqualTo(snapshot);
			assertThat(firstHalf + secondHalf).isEqualTo(2000);
			readerManager.abort();
			readerManager.begin();
			assertThat(((Account) reader.root().get("c15")).getBalance()).isEqualTo(105);
		}
	}

	@Test
	void staleWriteShouldFailWithConflictError() {
		TransactionManager first = new TransactionManager();
		TransactionManager second = new TransactionManager();
		try (Connection a = this.db.open(first); Connection b = this.db.open(second)) {
			a.root().put("acct", new Account("f", 0));
			first.commit();
			second.begin();
			Account inB = (Account) b.root().get("acct");
			Account inA = (Account) a.root().get("acct");
			inA.deposit(1);
			first.commit();
			inB.deposit(2);
			assertThatExceptionOfType(ConflictError.class).isThrownBy(second::commit);
			second.begin();
			assertThat(inB.getBalance()).isEqualTo(1);
		}
	}

	@Test
	void readCurrentShouldFailTheCommitWhenTheObjectChanged() {
		TransactionManager first = new TransactionManager();
		TransactionManager second = new TransactionManager();
		try (Connection a = this.db.open(first); Connection b = this.db.open(second)) {
			a.root().put("limit", new Account("limit", 10));
			a.root().put("spend", new Account("spend", 0));
			first.commit();
			second.begin();
			Account limit = (Account) b.root().get("limit");
			b.readCurrent(limit);
			((Account) b.root().get("spend")).deposit(limit.getBalance());
			((Account) a.root().get("limit")).deposit(-10);
			first.commit();
			assertThatExceptionOfType(ReadConflictError.class).isThrownBy(second::commit);
		}
	}

	@Test
	void unknownClassShouldLoadAsGenericObjectAndBeWrittenBackIntact() {
		RecordCodec codec = RecordCodec.generic();
		Map<String, Object> state = new LinkedHashMap<>();
		state.put("title", "thing");
		state.put("parts", List.of(PickleTuple.of(1L, "one")));
		Oid oid = this.storage.newOid();
		byte[] record = codec.encode(new Global("app.models", "Thing"), state);
		TransactionMetaData transaction = TransactionMetaData.of("", "python wrote this");
		this.storage.tpcBegin(transaction);
		this.storage.store(oid, Tid.ZERO, record, transaction);
		this.storage.vote(transaction);
		this.storage.tpcFinish(transaction);
		TransactionManager manager = new TransactionManager();
		try (Connection connection = this.db.open(manager)) {
			GenericPersistent thing = (GenericPersistent) connection.get(oid);
			assertThat(thing.type()).isEqualTo(new Global("app.models", "Thing"));
			assertThat(thing.attribute("title")).isEqualTo("thing");
			connection.root().put("thing", thing);
			manager.commit();
			assertThat(connection.encode(thing)).isEqualTo(record);
			assertThat(this.storage.load(oid).data()).isEqualTo(record);
		}
		try (Connection connection = this.db.open(manager)) {
			assertThat(connection.root().get("thing")).isInstanceOf(GenericPersistent.class);
		}
	}

	@Test
	void objectOfAnotherConnectionShouldBeRefused() {
		TransactionManager first = new TransactionManager();
		TransactionManager second = new TransactionManager();
		try (Connection a = this.db.open(first); Connection b = this.db.open(second)) {
			Account account = new Account("g", 1);
			a.root().put("g", account);
			first.commit();
			assertThatIllegalArgumentException().isThrownBy(() -> b.add(account));
			b.root().put("stolen", account);
			assertThatIllegalArgumentException().isThrownBy(second::commit).withMessageContaining("another connection");
		}
	}

	@Test
	void aValueOutsideThePickleModelShouldBeRefusedAndNothingStored() {
		TransactionManager manager = new TransactionManager();
		try (Connection connection = this.db.open(manager)) {
			Tid before = this.storage.lastTransaction();
			PersistentMap<String, Object> holder = new PersistentMap<>();
			holder.put("when", LocalDate.of(2026, 11, 26));
			connection.root().put("holder", holder);
			assertThatIllegalArgumentException().isThrownBy(manager::commit)
				.withMessageContaining("Cannot store")
				.withMessageContaining("java.time.LocalDate");
			assertThat(this.storage.lastTransaction()).isEqualTo(before);
			assertThat(holder.getOid()).isNull();
		}
	}

	@Test
	void referencesToOneObjectInARecordShouldShareItsOidBytesAsPythonDoes() {
		TransactionManager manager = new TransactionManager();
		try (Connection connection = this.db.open(manager)) {
			Account account = new Account("h", 1);
			PersistentList<Object> twice = new PersistentList<>(List.of(account, account));
			connection.root().put("twice", twice);
			manager.commit();
			byte[] record = this.storage.load(twice.getOid()).data();
			byte[] oid = account.getOid().toBytes();
			// SHORT_BINBYTES, length 8, the oid: written once, then fetched from the memo (BINGET)
			byte[] written = new byte[oid.length + 2];
			written[0] = 'C';
			written[1] = 8;
			System.arraycopy(oid, 0, written, 2, oid.length);
			assertThat(occurrences(record, written)).isEqualTo(1);
			ObjectRecord decoded = RecordCodec.generic().decode(record);
			List<?> items = (List<?>) ((Map<?, ?>) decoded.state()).get("data");
			assertThat(items).hasSize(2).allSatisfy((item) -> assertThat(((PersistentReference) item).oid())
				.isEqualTo(account.getOid()));
		}
	}

	private static int occurrences(byte[] data, byte[] part) {
		int count = 0;
		for (int i = 0; i + part.length <= data.length; i++) {
			if (Arrays.equals(data, i, i + part.length, part, 0, part.length)) {
				count++;
			}
		}
		return count;
	}

	@Test
	void packShouldRemoveObjectsNoLongerReachable() {
		TransactionManager manager = new TransactionManager();
		Oid droppedOid;
		try (Connection connection = this.db.open(manager)) {
			Account kept = new Account("kept", 1);
			Account dropped = new Account("dropped", 2);
			connection.root().put("kept", kept);
			connection.root().put("dropped", dropped);
			manager.commit();
			droppedOid = dropped.getOid();
			connection.root().remove("dropped");
			manager.commit();
		}
		this.db.pack(java.time.Instant.now().plusSeconds(1));
		assertThatExceptionOfType(POSKeyError.class).isThrownBy(() -> this.storage.load(droppedOid));
		try (Connection connection = this.db.open(new TransactionManager())) {
			assertThat(((Account) connection.root().get("kept")).getBalance()).isEqualTo(1);
		}
	}

	@Test
	void savepointRollbackShouldUndoLaterChangesOnly() {
		TransactionManager manager = new TransactionManager();
		try (Connection connection = this.db.open(manager)) {
			Account stored = new Account("stored", 10);
			connection.root().put("stored", stored);
			manager.commit();
			stored.deposit(5);
			Account early = new Account("early", 1);
			connection.root().put("early", early);
			Savepoint savepoint = manager.get().savepoint();
			stored.deposit(100);
			Account late = new Account("late", 2);
			connection.root().put("late", late);
			connection.add(late);
			savepoint.rollback();
			assertThat(stored.getBalance()).isEqualTo(15);
			assertThat(connection.root().get("late")).isNull();
			assertThat(late.getOid()).isNull();
			assertThat(connection.root().get("early")).isSameAs(early);
			manager.commit();
		}
		try (Connection connection = this.db.open(new TransactionManager())) {
			assertThat(((Account) connection.root().get("stored")).getBalance()).isEqualTo(15);
			assertThat(((Account) connection.root().get("early")).getOwner()).isEqualTo("early");
			assertThat(connection.root().containsKey("late")).isFalse();
		}
	}

	@Test
	void openShouldWaitForAConnectionGivenBack() throws Exception {
		DB waiting = new DB(new MemoryStorage(MemoryStorageOptions.defaults()),
				DbOptions.defaults().withPoolSize(1).withPoolTimeout(Duration.ofSeconds(30)));
		try (waiting) {
			Connection first = waiting.open(new TransactionManager());
			Connection[] second = new Connection[1];
			Thread opener = new Thread(() -> second[0] = waiting.open(new TransactionManager()));
			opener.start();
			long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
			while (opener.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
				Thread.onSpinWait();
			}
			assertThat(second[0]).isNull();
			first.close();
			opener.join(30_000);
			assertThat(second[0]).isSameAs(first);
			assertThat(second[0].isOpen()).isTrue();
			second[0].close();
		}
	}

	@Test
	void subclassOfPersistentMapShouldStoreItsFieldsBesideData() {
		TransactionManager manager = new TransactionManager();
		try (Connection connection = this.db.open(manager)) {
			Folder folder = new Folder("docs");
			folder.put("readme", "text");
			connection.root().put("folder", folder);
			manager.commit();
			ObjectRecord record = RecordCodec.generic().decode(this.storage.load(folder.getOid()).data());
			assertThat(record.classMetadata()).isEqualTo(new Global("tests.folders", "Folder"));
			assertThat(new ArrayList<Object>(((Map<?, ?>) record.state()).keySet())).containsExactly("data", "title");
			assertThat(((Map<?, ?>) record.state()).get("title")).isEqualTo("docs");
			try (Connection other = this.db.open(new TransactionManager())) {
				Folder loaded = (Folder) other.root().get("folder");
				assertThat(loaded.title()).isEqualTo("docs");
				assertThat(loaded.get("readme")).isEqualTo("text");
				assertThat(other.encode(loaded)).isEqualTo(this.storage.load(folder.getOid()).data());
			}
		}
	}

	@PersistentClass("tests.folders.Folder")
	static class Folder extends PersistentMap<String, Object> {

		private String title = "";

		Folder() {
		}

		Folder(String title) {
			this.title = title;
		}

		String title() {
			readAccess();
			return this.title;
		}

	}

	@Test
	void missingObjectShouldRaisePosKeyError() {
		try (Connection connection = this.db.open(new TransactionManager())) {
			assertThatExceptionOfType(POSKeyError.class).isThrownBy(() -> connection.get(Oid.of(12345)));
		}
	}

	@Test
	void exhaustedPoolShouldFailWithoutWaiting() {
		Connection[] open = new Connection[4];
		for (int i = 0; i < 4; i++) {
			open[i] = this.db.open(new TransactionManager());
		}
		assertThat(this.db.openConnectionCount()).isEqualTo(4);
		assertThatExceptionOfType(PoolExhaustedException.class).isThrownBy(() -> this.db.open());
		open[0].close();
		Connection again = this.db.open(new TransactionManager());
		assertThat(again).isSameAs(open[0]);
		again.close();
		for (int i = 1; i < 4; i++) {
			open[i].close();
		}
		assertThat(this.db.openConnectionCount()).isZero();
	}

	@Test
	void closingWithUncommittedChangesShouldFail() {
		TransactionManager manager = new TransactionManager();
		Connection connection = this.db.open(manager);
		connection.root().put("k", "v");
		assertThatIllegalStateException().isThrownBy(connection::close);
		manager.abort();
		connection.close();
		assertThat(connection.isOpen()).isFalse();
	}

	@Test
	void threadBoundManagerShouldCommitThroughTheConnection() {
		Connection connection = this.db.open();
		try {
			connection.root().put("bound", 1L);
			this.db.transactionManager().get().note("thread-bound");
			connection.commit();
		}
		finally {
			connection.close();
		}
		try (Connection other = this.db.open(new TransactionManager())) {
			assertThat(other.root().get("bound")).isEqualTo(1L);
		}
	}

	@Test
	void transactionShouldRetryWorkThatConflicted() {
		this.db.transaction((connection) -> {
			connection.root().put("counter", new Account("counter", 0));
			return null;
		});
		TransactionManager outside = new TransactionManager();
		try (Connection interferer = this.db.open(outside)) {
			int[] runs = { 0 };
			long result = this.db.transaction((connection) -> {
				Account counter = (Account) connection.root().get("counter");
				counter.deposit(1);
				if (runs[0]++ == 0) {
					outside.begin();
					((Account) interferer.root().get("counter")).deposit(100);
					outside.commit();
				}
				return counter.getBalance();
			});
			assertThat(runs[0]).isEqualTo(2);
			assertThat(result).isEqualTo(101);
			assertThat(this.db.retryCount()).isEqualTo(1);
		}
	}

}
