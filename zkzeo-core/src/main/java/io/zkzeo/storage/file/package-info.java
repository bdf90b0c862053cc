/**
 * FileStorage: ZODB 5's {@code Data.fs} format, read and written byte for byte as Python ZODB does.
 *
 * <p>{@link io.zkzeo.storage.file.FileStorage} is the entry point. The format layer
 * ({@link io.zkzeo.storage.file.TransactionHeader}, {@link io.zkzeo.storage.file.DataRecordHeader},
 * {@link io.zkzeo.storage.file.FileWalker}) is public so that command-line tools can walk a file on their
 * own. The package also owns the primitive oid to position index and its snapshot file, the cache of
 * records written lately, the lock file, recovery of a torn tail, undo and pack.
 */
@NullMarked
package io.zkzeo.storage.file;

import org.jspecify.annotations.NullMarked;
