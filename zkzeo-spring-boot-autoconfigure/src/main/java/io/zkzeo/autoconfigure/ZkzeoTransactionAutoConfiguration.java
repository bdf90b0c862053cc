package io.zkzeo.autoconfigure;

import io.zkzeo.db.DB;
import io.zkzeo.spring.transaction.CurrentConnection;
import io.zkzeo.spring.transaction.ZkzeoTransactionManager;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionManager;

/**
 * Auto-configuration of Spring transactions over the zkzeo {@link DB}: a {@link ZkzeoTransactionManager}
 * (unless the application has a transaction manager of its own) and the {@link CurrentConnection} that
 * transactional code uses.
 */
@AutoConfiguration(after = ZkzeoClientAutoConfiguration.class,
		beforeName = "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration")
@ConditionalOnClass({ DB.class, PlatformTransactionManager.class })
@ConditionalOnSingleCandidate(DB.class)
public final class ZkzeoTransactionAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(TransactionManager.class)
	ZkzeoTransactionManager transactionManager(ObjectProvider<DB> db) {
		return new ZkzeoTransactionManager(db::getObject);
	}

	@Bean
	@ConditionalOnMissingBean
	CurrentConnection zkzeoCurrentConnection(ObjectProvider<DB> db) {
		return new CurrentConnection(db::getObject);
	}

}
