package io.zkzeo.spring.transaction;

import io.zkzeo.db.DB;
import io.zkzeo.db.PersistentMap;
import io.zkzeo.storage.memory.MemoryStorage;
import io.zkzeo.storage.memory.MemoryStorageOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.UnexpectedRollbackException;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ZkzeoTransactionManagerTests {

	private final DB db = new DB(new MemoryStorage(MemoryStorageOptions.defaults()));

	private final ZkzeoTransactionManager transactionManager = new ZkzeoTransactionManager(this.db);

	private final TransactionTemplate transactions = new TransactionTemplate(this.transactionManager);

	private final CurrentConnection connection = new CurrentConnection(this.db);

	@AfterEach
	void closeDb() {
		this.db.close();
	}

	private Object stored(String key) {
		return this.db.transaction((c) -> c.root().get(key));
	}

	private boolean isStored(String key) {
		return this.db.<Boolean>transaction((c) -> c.root().containsKey(key));
	}

	@Test
	void commitWritesTheChangesOfTheTransaction() {
		this.transactions.executeWithoutResult((status) -> this.connection.root().put("k", "v"));
		assertThat(stored("k")).isEqualTo("v");
		assertThat(this.db.openConnectionCount()).isZero();
	}

	@Test
	void exceptionRollsBackTheChanges() {
		assertThatIllegalStateException().isThrownBy(() -> this.transactions.executeWithoutResult((status) -> {
			this.connection.root().put("k", "lost");
			throw new IllegalStateException("boom");
		}));
		assertThat(isStored("k")).isFalse();
		assertThat(this.db.openConnectionCount()).isZero();
	}

	@Test
	void rollbackOnlyFromAParticipantRollsBackTheOuterTransaction() {
		assertThatExceptionOfType(UnexpectedRollbackException.class)
			.isThrownBy(() -> this.transactions.executeWithoutResult((outer) -> {
				this.connection.root().put("k", "lost");
				this.transactions.executeWithoutResult((inner) -> inner.setRollbackOnly());
			}));
		assertThat(isStored("k")).isFalse();
	}

	@Test
	void participantsShareTheConnectionOfTheTransaction() {
		this.transactions.executeWithoutResult((outer) -> {
			var outerConnection = this.connection.get();
			this.transactions
				.executeWithoutResult((inner) -> assertThat(this.connection.get()).isSameAs(outerConnection));
		});
	}

	@Test
	void requiresNewRunsInItsOwnConnectionAndCommitsOnItsOwn() {
		TransactionTemplate requiresNew = new TransactionTemplate(this.transactionManager);
		requiresNew.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		assertThatIllegalStateException().isThrownBy(() -> this.transactions.executeWithoutResult((outer) -> {
			var outerConnection = this.connection.get();
			this.connection.root().put("outer", "lost");
			requiresNew.executeWithoutResult((inner) -> {
				assertThat(this.connection.get()).isNotSameAs(outerConnection);
				this.connection.root().put("inner", "kept");
			});
			assertThat(this.connection.get()).isSameAs(outerConnection);
			throw new IllegalStateException("outer fails");
		}));
		assertThat(isStored("outer")).isFalse();
		assertThat(stored("inner")).isEqualTo("kept");
	}

	@Test
	void readOnlyTransactionDiscardsChanges() {
		TransactionTemplate readOnly = new TransactionTemplate(this.transactionManager);
		readOnly.setReadOnly(true);
		readOnly.executeWithoutResult((status) -> this.connection.root().put("k", "discarded"));
		assertThat(isStored("k")).isFalse();
	}

	@Test
	void conflictAtCommitBecomesConcurrencyFailureException() {
		this.db.transaction((c) -> c.root().put("counter", new PersistentMap<String, Object>()));
		assertThatExceptionOfType(ConcurrencyFailureException.class)
			.isThrownBy(() -> this.transactions.executeWithoutResult((status) -> {
				@SuppressWarnings("unchecked")
				PersistentMap<String, Object> counter = (PersistentMap<String, Object>) this.connection.root()
					.get("counter");
				counter.put("by", "spring");
				this.db.transaction((other) -> {
					@SuppressWarnings("unchecked")
					PersistentMap<String, Object> same = (PersistentMap<String, Object>) other.root().get("counter");
					return same.put("by", "other");
				});
			}))
			.withCauseInstanceOf(io.zkzeo.storage.ConflictError.class);
		Object by = this.db.transaction((c) -> ((PersistentMap<?, ?>) c.root().get("counter")).get("by"));
		assertThat(by).isEqualTo("other");
		assertThat(this.db.openConnectionCount()).isZero();
	}

	@Test
	void currentConnectionOutsideATransactionFailsWithAHint() {
		assertThat(this.connection.getIfAvailable()).isNull();
		assertThatIllegalStateException().isThrownBy(this.connection::get).withMessageContaining("@Transactional");
	}

	@Test
	void rootObjectCreatesAMissingObjectOnce() {
		this.transactions.executeWithoutResult((status) -> this.connection.rootObject("notes", PersistentMap.class,
				(key) -> new PersistentMap<String, Object>()));
		Object first = this.transactions.execute((status) -> this.connection
			.rootObject("notes", PersistentMap.class, (key) -> new PersistentMap<String, Object>())
			.getOid());
		Object second = this.transactions.execute((status) -> this.connection
			.rootObject("notes", PersistentMap.class, (key) -> new PersistentMap<String, Object>())
			.getOid());
		assertThat(first).isNotNull().isEqualTo(second);
	}

}
