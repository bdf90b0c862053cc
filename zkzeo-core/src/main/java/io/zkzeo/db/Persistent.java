package io.zkzeo.db;

import io.zkzeo.pickle.PersistentReference;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Tid;
import org.jspecify.annotations.Nullable;

/**
 * Base class of objects stored in the database, the counterpart of Python's
 * {@code persistent.Persistent}. An object is a <em>ghost</em> (identity only) until its state is
 * needed, is loaded on first access, and is written back at commit when it was changed.
 *
 * <p>Subclasses follow two rules, described in the {@linkplain io.zkzeo.db package documentation}:
 * every method that reads persistent fields calls {@link #readAccess()} first, every method that changes
 * them calls {@link #writeAccess()} first. The state written to the database is, by default, a dict of
 * the non-static, non-transient field names to their values ({@link #getState()}); subclasses with a
 * Python layout of their own override {@link #getState()}, {@link #setState(Object)} and
 * {@link #clearState()}.
 *
 * <p>Equality is identity, as for Python persistent objects. Instances are not thread-safe: they belong
 * to one {@link Connection}, used by one thread at a time.
 */
public abstract class Persistent {

	static final byte GHOST = -1;

	static final byte SAVED = 0;

	static final byte CHANGED = 1;

	@Nullable Connection jar;

	@Nullable Oid oid;

	Tid serial = Tid.ZERO;

	byte persistentState = SAVED;

	@Nullable Persistent lruNewer;

	@Nullable Persistent lruOlder;

	boolean inLru;

	/** Set once a commit has encoded this object's record, until it has encoded them all, so it is written once. */
	boolean encoding;

	/**
	 * The reference to this object last written into a record, reused while the oid stays: every reference to
	 * the object then shares one oid bytes object, as every reference Python writes shares the object's
	 * {@code _p_oid}.
	 */
	@Nullable PersistentReference reference;

	/**
	 * Creates a new object, not yet in any database. It gets an oid when it is added to a connection or
	 * becomes reachable from a stored object at commit.
	 */
	protected Persistent() {
	}

	/**
	 * Loads the object's state if it is a ghost and records the access for the cache. Call it first in
	 * every method that reads persistent fields. Cheap when the object is loaded.
	 */
	protected final void readAccess() {
		Connection connection = this.jar;
		if (connection != null) {
			if (this.persistentState == GHOST) {
				connection.activate(this);
			}
			connection.cache.touch(this);
		}
	}

	/**
	 * Loads the object's state if it is a ghost and marks it changed, so that it is written at commit.
	 * Call it first in every method that changes persistent fields.
	 */
	protected final void writeAccess() {
		Connection connection = this.jar;
		if (connection != null) {
			if (this.persistentState != CHANGED) {
				connection.register(this);
				if (this.persistentState == GHOST) {
					connection.activate(this);
				}
				this.persistentState = CHANGED;
			}
			connection.cache.touch(this);
		}
	}

	/**
	 * Returns the state to store: a value of the pickle value model (see {@link io.zkzeo.pickle}) in which
	 * persistent objects stand for references to them. The default is a dict of the field names to values
	 * (see {@link FieldState}). Called with the state loaded; must not call {@link #readAccess()}.
	 * @return the state
	 */
	protected @Nullable Object getState() {
		return FieldState.of(getClass()).read(this);
	}

	/**
	 * Sets the state read from the database, where references are already persistent objects (ghosts).
	 * Assign fields directly here; do not call {@link #readAccess()} or {@link #writeAccess()}.
	 * @param state the state
	 * @throws IllegalArgumentException if the state does not have the expected shape
	 */
	protected void setState(@Nullable Object state) {
		FieldState.of(getClass()).write(this, state);
	}

	/**
	 * Drops the state when the object becomes a ghost, so its memory can be reclaimed. The default clears
	 * reference fields.
	 */
	protected void clearState() {
		FieldState.of(getClass()).clear(this);
	}

	/**
	 * Tells whether loading this object should fetch the objects it references ahead of use (see
	 * {@link DbOptions#prefetchLimit()}): yes for containers whose items are usually all read; types whose readers
	 * visit only some of their references (B-tree nodes) answer no.
	 * @return {@code true} by default
	 */
	protected boolean prefetchesReferences() {
		return true;
	}

	/**
	 * Returns the object id ({@code _p_oid}).
	 * @return the oid, or {@code null} if the object has not been stored or added yet
	 */
	public final @Nullable Oid getOid() {
		return this.oid;
	}

	/**
	 * Returns the serial ({@code _p_serial}): the tid of the transaction that wrote the loaded state.
	 * @return the serial, {@link Tid#ZERO} for a new object or a ghost never loaded
	 */
	public final Tid getSerial() {
		return this.serial;
	}

	/**
	 * Returns the connection the object belongs to ({@code _p_jar}).
	 * @return the connection, or {@code null} for a new object
	 */
	public final @Nullable Connection getConnection() {
		return this.jar;
	}

	/**
	 * Tells whether the object was changed in the current transaction ({@code _p_changed} true).
	 * @return {@code true} if it will be written at commit
	 */
	public final boolean isChanged() {
		return this.persistentState == CHANGED;
	}

	/**
	 * Tells whether the object is a ghost ({@code _p_changed} is {@code None}).
	 * @return {@code true} if the state is not loaded
	 */
	public final boolean isGhost() {
		return this.persistentState == GHOST;
	}

	/**
	 * Marks the object changed without touching a field ({@code _p_changed = True}), for changes made
	 * inside mutable values the object holds (a list in a field, for example).
	 */
	public final void markChanged() {
		writeAccess();
	}

	/**
	 * Turns an unchanged loaded object back into a ghost ({@code _p_deactivate}); it is loaded again on
	 * next access. Does nothing to a changed or new object.
	 */
	public final void deactivate() {
		Connection connection = this.jar;
		if (connection != null && this.persistentState == SAVED) {
			connection.cache.ghostify(this);
		}
	}

	/**
	 * Returns the state as stored, for conflict resolution and tests.
	 * @return the state
	 */
	final @Nullable Object stateForStorage() {
		return getState();
	}

	final void applyState(@Nullable Object state) {
		setState(state);
	}

	final void dropState() {
		clearState();
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[oid=" + this.oid + ((this.persistentState == GHOST) ? ", ghost" : "")
				+ "]";
	}

}
