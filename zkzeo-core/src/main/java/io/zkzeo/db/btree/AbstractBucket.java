package io.zkzeo.db.btree;

import java.util.Arrays;
import java.util.Objects;
import java.util.TreeMap;

import io.zkzeo.db.ConflictResolution;
import io.zkzeo.db.Persistent;
import io.zkzeo.pickle.PickleTuple;
import io.zkzeo.storage.ConflictError;
import org.jspecify.annotations.Nullable;

/**
 * A BTree leaf ({@code BTrees.*.*Bucket}): keys in ascending order with their values, and the next bucket
 * of the tree. The state is Python's: {@code (items,)} or {@code (items, next)} with
 * {@code items = (k0, v0, k1, v1, ...)}. Concurrent changes to different keys of one bucket are merged
 * ({@link ConflictResolution}), as Python's BTrees merge them.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public abstract class AbstractBucket<K, V> extends Persistent implements ConflictResolution {

	static final Object[] EMPTY = new Object[0];

	static final Object ABSENT = new Object();

	@Nullable Object[] keys = EMPTY;

	@Nullable Object[] values = EMPTY;

	int size;

	@Nullable AbstractBucket<K, V> next;

	AbstractBucket() {
	}

	abstract KeyKind keyKind();

	abstract AbstractBucket<K, V> newBucket();

	/**
	 * Returns the number of items in this bucket.
	 * @return the size
	 */
	public int size() {
		readAccess();
		return this.size;
	}

	/**
	 * Returns the value of a key in this bucket.
	 * @param key the key
	 * @return the value, or {@code null} if the key is not in this bucket
	 */
	@SuppressWarnings("unchecked")
	public @Nullable V get(@Nullable Object key) {
		Object normalized = keyKind().normalize(key);
		readAccess();
		int index = search(normalized);
		return (index >= 0) ? (V) this.values[index] : null;
	}

	/** Binary search over the loaded keys: the index, or {@code -(insertion point) - 1}. */
	final int search(@Nullable Object key) {
		KeyKind kind = keyKind();
		int low = 0;
		int high = this.size - 1;
		while (low <= high) {
			int mid = (low + high) >>> 1;
			int cmp = kind.compare(this.keys[mid], key);
			if (cmp < 0) {
				low = mid + 1;
			}
			else if (cmp > 0) {
				high = mid - 1;
			}
			else {
				return mid;
			}
		}
		return -(low + 1);
	}

	final void load() {
		readAccess();
	}

	final int loadedSize() {
		readAccess();
		return this.size;
	}

	final @Nullable AbstractBucket<K, V> loadedNext() {
		readAccess();
		return this.next;
	}

	/** Sets a key's value; returns the previous value or {@link #ABSENT}. */
	final @Nullable Object putItem(Object key, @Nullable Object value) {
		readAccess();
		int index = search(key);
		if (index >= 0) {
			Object old = this.values[index];
			if (old != value) {
				writeAccess();
				this.values[index] = value;
			}
			return old;
		}
		writeAccess();
		int at = -index - 1;
		if (this.size == this.keys.length) {
			int capacity = Math.max(8, this.size * 2);
			this.keys = Arrays.copyOf(this.keys, capacity);
			this.values = Arrays.copyOf(this.values, capacity);
		}
		System.arraycopy(this.keys, at, this.keys, at + 1, this.size - at);
		System.arraycopy(this.values, at, this.values, at + 1, this.size - at);
		this.keys[at] = key;
		this.values[at] = value;
		this.size++;
		return ABSENT;
	}

	/** Removes a key; returns its value or {@link #ABSENT}. */
	final @Nullable Object removeItem(Object key) {
		readAccess();
		int index = search(key);
		if (index < 0) {
			return ABSENT;
		}
		writeAccess();
		Object old = this.values[index];
		System.arraycopy(this.keys, index + 1, this.keys, index, this.size - index - 1);
		System.arraycopy(this.values, index + 1, this.values, index, this.size - index - 1);
		this.size--;
		this.keys[this.size] = null;
		this.values[this.size] = null;
		return old;
	}

	/** Moves the upper half into a new bucket linked after this one, as Python's {@code bucket_split}. */
	final AbstractBucket<K, V> split() {
		writeAccess();
		int index = this.size / 2;
		AbstractBucket<K, V> sibling = newBucket();
		int moved = this.size - index;
		sibling.keys = Arrays.copyOfRange(this.keys, index, index + Math.max(moved, 8));
		sibling.values = Arrays.copyOfRange(this.values, index, index + Math.max(moved, 8));
		sibling.size = moved;
		sibling.next = this.next;
		Arrays.fill(this.keys, index, this.size, null);
		Arrays.fill(this.values, index, this.size, null);
		this.size = index;
		this.next = sibling;
		return sibling;
	}

	final void linkNext(@Nullable AbstractBucket<K, V> bucket) {
		readAccess();
		if (this.next != bucket) {
			writeAccess();
			this.next = bucket;
		}
	}

	@Override
	protected @Nullable Object getState() {
		Object[] items = new Object[this.size * 2];
		for (int i = 0; i < this.size; i++) {
			items[2 * i] = this.keys[i];
			items[2 * i + 1] = this.values[i];
		}
		PickleTuple itemTuple = PickleTuple.of(items);
		return (this.next != null) ? PickleTuple.of(itemTuple, this.next) : PickleTuple.of(itemTuple);
	}

	@Override
	@SuppressWarnings("unchecked")
	protected void setState(@Nullable Object state) {
		if (!(state instanceof PickleTuple tuple) || tuple.isEmpty() || tuple.size() > 2
				|| !(tuple.get(0) instanceof PickleTuple items) || items.size() % 2 != 0) {
			throw new IllegalArgumentException("Bucket state is not ((k0, v0, ...)[, next]): " + state);
		}
		int count = items.size() / 2;
		Object[] newKeys = new Object[Math.max(count, 8)];
		Object[] newValues = new Object[Math.max(count, 8)];
		KeyKind kind = keyKind();
		for (int i = 0; i < count; i++) {
			newKeys[i] = kind.normalize(items.get(2 * i));
			newValues[i] = items.get(2 * i + 1);
		}
		Object nextBucket = (tuple.size() == 2) ? tuple.get(1) : null;
		if (nextBucket != null && !(nextBucket instanceof AbstractBucket<?, ?>)) {
			throw new IllegalArgumentException("Next bucket of a bucket is a " + nextBucket.getClass().getSimpleName());
		}
		this.keys = newKeys;
		this.values = newValues;
		this.size = count;
		this.next = (AbstractBucket<K, V>) nextBucket;
	}

	@Override
	protected void clearState() {
		this.keys = EMPTY;
		this.values = EMPTY;
		this.size = 0;
		this.next = null;
	}

	/**
	 * Merges concurrent changes with the rules of Python's {@code bucket_merge}: each side may change the
	 * value of a key the other left alone, insert a key the other did not insert, or delete a key the other
	 * left alone, unless that key was the first of the side's bucket. Everything else conflicts: both sides
	 * changing one key (even to the same value), inserting the same key, deleting the same key, a side or
	 * the result being empty, or the link to the next bucket differing.
	 */
	@Override
	public @Nullable Object resolveConflict(@Nullable Object oldState, @Nullable Object committedState,
			@Nullable Object newState) {
		PickleTuple old = stateTuple(oldState);
		PickleTuple committed = stateTuple(committedState);
		PickleTuple ours = stateTuple(newState);
		Object oldNext = (old.size() > 1) ? old.get(1) : null;
		Object committedNext = (committed.size() > 1) ? committed.get(1) : null;
		Object ourNext = (ours.size() > 1) ? ours.get(1) : null;
		if (!Objects.equals(oldNext, committedNext) || !Objects.equals(oldNext, ourNext)) {
			throw unresolvable("Bucket split or merged concurrently");
		}
		TreeMap<Object, Object> oldItems = items(old);
		TreeMap<Object, Object> committedItems = items(committed);
		TreeMap<Object, Object> ourItems = items(ours);
		if (committedItems.isEmpty() || ourItems.isEmpty()) {
			throw unresolvable("A transaction emptied the bucket");
		}
		TreeMap<Object, Object> keys = new TreeMap<>(PythonOrder.INSTANCE);
		keys.putAll(oldItems);
		keys.putAll(committedItems);
		keys.putAll(ourItems);
		TreeMap<Object, Object> merged = new TreeMap<>(PythonOrder.INSTANCE);
		for (Object key : keys.keySet()) {
			boolean inOld = oldItems.containsKey(key);
			boolean inCommitted = committedItems.containsKey(key);
			boolean inOurs = ourItems.containsKey(key);
			Object oldValue = oldItems.get(key);
			if (inOld && inCommitted && inOurs) {
				if (Objects.equals(oldValue, committedItems.get(key))) {
					merged.put(key, ourItems.get(key));
				}
				else if (Objects.equals(oldValue, ourItems.get(key))) {
					merged.put(key, committedItems.get(key));
				}
				else {
					throw unresolvable("Both transactions changed the value of key " + key);
				}
			}
			else if (inOld && inCommitted) {
				checkDeletion(key, oldValue, committedItems, ourItems);
			}
			else if (inOld && inOurs) {
				checkDeletion(key, oldValue, ourItems, committedItems);
			}
			else if (inOld) {
				throw unresolvable("Both transactions deleted key " + key);
			}
			else if (inCommitted && inOurs) {
				throw unresolvable("Both transactions inserted key " + key);
			}
			else {
				merged.put(key, inCommitted ? committedItems.get(key) : ourItems.get(key));
			}
		}
		if (merged.isEmpty()) {
			throw unresolvable("Bucket would become empty");
		}
		Object[] items = new Object[merged.size() * 2];
		int i = 0;
		for (var entry : merged.entrySet()) {
			items[i++] = entry.getKey();
			items[i++] = entry.getValue();
		}
		PickleTuple itemTuple = PickleTuple.of(items);
		return (oldNext != null) ? PickleTuple.of(itemTuple, oldNext) : PickleTuple.of(itemTuple);
	}

	/** A key kept by one side and deleted by the other: allowed if the keeper left its value alone. */
	private static void checkDeletion(Object key, @Nullable Object oldValue, TreeMap<Object, Object> keeper,
			TreeMap<Object, Object> deleter) {
		if (!Objects.equals(oldValue, keeper.get(key))) {
			throw unresolvable("One transaction deleted key " + key + ", the other changed it");
		}
		if (PythonOrder.INSTANCE.compare(key, deleter.firstKey()) < 0) {
			throw unresolvable("A transaction deleted the first key " + key + " of the bucket");
		}
	}

	private static PickleTuple stateTuple(@Nullable Object state) {
		if (state instanceof PickleTuple tuple && !tuple.isEmpty() && tuple.get(0) instanceof PickleTuple) {
			return tuple;
		}
		throw unresolvable("Not a bucket state");
	}

	private static TreeMap<Object, Object> items(PickleTuple state) {
		PickleTuple items = (PickleTuple) state.get(0);
		TreeMap<Object, Object> map = new TreeMap<>(PythonOrder.INSTANCE);
		for (int i = 0; i + 1 < items.size(); i += 2) {
			map.put(items.get(i), items.get(i + 1));
		}
		return map;
	}

	private static ConflictError unresolvable(String reason) {
		return new ConflictError(reason, null, null, null);
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[oid=" + getOid() + (isGhost() ? ", ghost]" : ", size=" + this.size + "]");
	}

}
