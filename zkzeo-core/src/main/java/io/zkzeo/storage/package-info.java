/**
 * The storage contract with ZODB's semantics.
 *
 * <p>{@link io.zkzeo.storage.Storage} is the entry point: loads (current and as of a transaction),
 * history, object id allocation, two-phase commit, iteration, undo and pack. Object and transaction
 * ids are the value types {@link io.zkzeo.storage.Oid} and {@link io.zkzeo.storage.Tid}; new tids come
 * from {@link io.zkzeo.storage.TimeStamp}, which matches ZODB's {@code persistent.TimeStamp}. Errors are
 * the {@link io.zkzeo.storage.POSException} family, named after ZODB's {@code POSException} module.
 *
 * <p>This package depends on nothing else in zkzeo. Whatever must understand record contents (the pack
 * reference scan) is handed in as a {@link io.zkzeo.storage.ReferenceFinder}.
 */
@NullMarked
package io.zkzeo.storage;

import org.jspecify.annotations.NullMarked;
