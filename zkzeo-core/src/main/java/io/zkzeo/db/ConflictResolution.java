package io.zkzeo.db;

import io.zkzeo.storage.ConflictError;
import org.jspecify.annotations.Nullable;

/**
 * Implemented by persistent classes that can merge concurrent changes, as Python's
 * {@code _p_resolveConflict}: when a commit fails with a conflict on such an object, the connection reads
 * the state it started from and the state committed meanwhile, asks the object for a merged state and
 * stores that instead. States are in the pickle value model with references left as
 * {@link io.zkzeo.pickle.PersistentReference}s.
 */
public interface ConflictResolution {

	/**
	 * Merges two changes of one object.
	 * @param oldState the state both changes started from
	 * @param committedState the state another transaction committed
	 * @param newState the state this transaction wants to store
	 * @return the merged state
	 * @throws ConflictError if the changes cannot be merged
	 */
	@Nullable Object resolveConflict(@Nullable Object oldState, @Nullable Object committedState,
			@Nullable Object newState);

}
