package io.zkzeo.autoconfigure;

import io.zkzeo.db.DB;
import io.zkzeo.spring.transaction.CurrentConnection;
import io.zkzeo.spring.transaction.ZkzeoTransactionManager;
import io.zkzeo.storage.memory.MemoryStorage;
import io.zkzeo.storage.memory.MemoryStorageOptions;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ZkzeoTransactionAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(ZkzeoTransactionAutoConfiguration.class, TransactionAutoConfiguration.class));

	@Test
	void runWithoutDbCreatesNoTransactionManager() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(ZkzeoTransactionManager.class)
			.doesNotHaveBean(CurrentConnection.class));
	}

	@Test
	void runWithDbMakesTransactionalMethodsCommitAndRollBack() {
		this.contextRunner.withBean(DB.class, () -> new DB(new MemoryStorage(MemoryStorageOptions.defaults())))
			.withUserConfiguration(NotesConfiguration.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(ZkzeoTransactionManager.class).hasSingleBean(CurrentConnection.class);
				Notes notes = context.getBean(Notes.class);
				notes.put("kept", "yes");
				assertThatIllegalStateException().isThrownBy(() -> notes.putThenFail("lost"));
				assertThat(notes.get("kept")).isEqualTo("yes");
				assertThat(notes.get("lost")).isNull();
			});
	}

	@Test
	void runWithOwnTransactionManagerBacksOff() {
		this.contextRunner.withBean(DB.class, () -> new DB(new MemoryStorage(MemoryStorageOptions.defaults())))
			.withBean(PlatformTransactionManager.class, NoTransactions::new)
			.run((context) -> assertThat(context).doesNotHaveBean(ZkzeoTransactionManager.class)
				.hasSingleBean(CurrentConnection.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class NotesConfiguration {

		@Bean
		Notes notes(CurrentConnection connection) {
			return new Notes(connection);
		}

	}

	static class Notes {

		private final CurrentConnection connection;

		Notes(CurrentConnection connection) {
			this.connection = connection;
		}

		@Transactional
		public void put(String key, String value) {
			this.connection.root().put(key, value);
		}

		@Transactional
		public void putThenFail(String key) {
			this.connection.root().put(key, "value");
			throw new IllegalStateException("fails after writing " + key);
		}

		@Transactional(readOnly = true)
		public Object get(String key) {
			return this.connection.root().get(key);
		}

	}

	static class NoTransactions extends AbstractPlatformTransactionManager {

		@Override
		protected Object doGetTransaction() {
			return new Object();
		}

		@Override
		protected void doBegin(Object transaction, TransactionDefinition definition) {
		}

		@Override
		protected void doCommit(DefaultTransactionStatus status) {
		}

		@Override
		protected void doRollback(DefaultTransactionStatus status) {
		}

	}

}
