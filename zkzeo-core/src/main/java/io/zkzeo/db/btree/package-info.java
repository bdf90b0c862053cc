/**
 * ZODB's BTrees and {@code Length}, stored with Python's class names and state layouts: {@link
 * io.zkzeo.db.btree.OOBTree} (object keys), {@link io.zkzeo.db.btree.IOBTree} (32-bit int keys) and
 * {@link io.zkzeo.db.btree.LOBTree} (64-bit int keys), each with its bucket class, and the conflict-free
 * counter {@link io.zkzeo.db.btree.Length}.
 *
 * <p>Trees split buckets and nodes at Python's sizes, keep the leaves linked, and merge concurrent
 * changes to different keys of one bucket, so trees written here look to Python as if Python wrote them.
 */
@NullMarked
package io.zkzeo.db.btree;

import org.jspecify.annotations.NullMarked;
