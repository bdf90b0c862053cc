/**
 * Spring transaction management for the zkzeo object database: a {@code PlatformTransactionManager} that
 * commits and aborts ZODB transactions, and the connection bound to the current transaction.
 */
@NullMarked
package io.zkzeo.spring.transaction;

import org.jspecify.annotations.NullMarked;
