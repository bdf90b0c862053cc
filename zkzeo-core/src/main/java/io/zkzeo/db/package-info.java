/**
 * The object database: ZODB's programming model for Java, over any {@link io.zkzeo.storage.Storage},
 * with records Python ZODB reads and writes.
 *
 * <p>{@link io.zkzeo.db.DB} is the entry point: it pools {@link io.zkzeo.db.Connection}s, each with an
 * object cache and a consistent snapshot per transaction, and runs work with retries on conflict
 * ({@link io.zkzeo.db.DB#transaction}). Transactions come from a {@link io.zkzeo.db.TransactionManager}.
 * Objects extend {@link io.zkzeo.db.Persistent}; the standard containers are
 * {@link io.zkzeo.db.PersistentMap} ({@code persistent.mapping.PersistentMapping}),
 * {@link io.zkzeo.db.PersistentList} ({@code persistent.list.PersistentList}) and the BTrees of
 * {@link io.zkzeo.db.btree}. Records of classes no Java class stands for load as
 * {@link io.zkzeo.db.GenericPersistent} and are written back unchanged.
 *
 * <h2>Writing a persistent class</h2>
 * <ol>
 * <li>Extend {@link io.zkzeo.db.Persistent} and name the Python class it is stored as with
 * {@link io.zkzeo.db.PersistentClass} (a stable name: it is written in every record and reference).
 * Give it a no-argument constructor (it may be private); ghosts are made with it.</li>
 * <li>Keep the stored state in non-static, non-transient fields. The state written is a dict of the
 * field names to their values. Field values are values of the pickle value model (numbers,
 * {@code String}, {@code Boolean}, {@code byte[]}, lists, maps, {@link io.zkzeo.pickle.PickleTuple}) or
 * other persistent objects, which are stored as references and get oids themselves when first stored.
 * Transient fields and fields named {@code _v_...} are not stored.</li>
 * <li>Begin every method that reads fields with {@code readAccess()} and every method that changes them
 * with {@code writeAccess()}. A ghost is loaded there, and a change is recorded. Forgetting
 * {@code writeAccess()} loses the change at commit; forgetting {@code readAccess()} reads a ghost's empty
 * fields.</li>
 * <li>A list or map held in a field is not watched: after changing it in place, call
 * {@code writeAccess()} (or {@link io.zkzeo.db.Persistent#markChanged()}), or use
 * {@link io.zkzeo.db.PersistentList}/{@link io.zkzeo.db.PersistentMap}/a BTree instead.</li>
 * </ol>
 * For example:
 * <pre>{@code
 * @PersistentClass("bank.Account")
 * public class Account extends Persistent {
 *
 *     private String owner;
 *
 *     private long balance;
 *
 *     private Account() {
 *     }
 *
 *     public Account(String owner) {
 *         this.owner = owner;
 *     }
 *
 *     public long getBalance() {
 *         readAccess();
 *         return this.balance;
 *     }
 *
 *     public void deposit(long amount) {
 *         writeAccess();
 *         this.balance += amount;
 *     }
 *
 * }
 * }</pre>
 * Classes with a Python layout of their own override {@code getState()}, {@code setState(Object)} and
 * {@code clearState()} instead.
 *
 * <p>Register application classes in the {@link io.zkzeo.db.PersistentTypes} of the
 * {@link io.zkzeo.db.DbOptions}: a database loads records of unregistered classes as
 * {@link io.zkzeo.db.GenericPersistent} (it learns an annotated class only when it first stores one).
 *
 * <p>A connection and its objects are used by one thread at a time; the database and the pool are
 * thread-safe.
 */
@NullMarked
package io.zkzeo.db;

import org.jspecify.annotations.NullMarked;
