/**
 * A storage kept in memory, with the same semantics as FileStorage: full MVCC history, undo and pack.
 *
 * <p>{@link io.zkzeo.storage.memory.MemoryStorage} is the entry point, configured by
 * {@link io.zkzeo.storage.memory.MemoryStorageOptions}. It is meant for tests and for data that need not
 * outlive the process.
 */
@NullMarked
package io.zkzeo.storage.memory;

import org.jspecify.annotations.NullMarked;
