package io.zkzeo.db.btree;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;

import io.zkzeo.db.ConflictResolution;
import io.zkzeo.db.Persistent;
import io.zkzeo.pickle.PickleTuple;
import io.zkzeo.storage.ConflictError;
import org.jspecify.annotations.Nullable;

/**
 * A BTree ({@code BTrees.*.*BTree}): a sorted map kept in buckets of bounded size under interior nodes,
 * each node and bucket its own persistent object, so a change rewrites only the bucket (and, on a split,
 * the node) it touches. Buckets split and nodes grow at Python's sizes; a bucket that becomes empty is
 * removed. The state layout is Python's: {@code None} when empty, {@code ((bucket_state,),)} for a single
 * bucket that has no oid of its own, otherwise {@code ((child0, key1, child1, ...), firstbucket)}.
 *
 * <p>Iteration walks the chain of buckets from the first; range queries start at the bucket of the lower
 * bound. Like Python's, {@link #size()} walks the buckets; use a {@link Length} to count cheaply.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public abstract class AbstractBTree<K, V> extends Persistent implements ConflictResolution {

	/** A lookup visits one path of the tree: its children are not fetched ahead. */
	@Override
	protected boolean prefetchesReferences() {
		return false;
	}

	private static final Object[] NO_KEYS = new Object[0];

	private static final Persistent[] NO_CHILDREN = new Persistent[0];

	int len;

	@Nullable Object[] keys = NO_KEYS;

	Persistent[] children = NO_CHILDREN;

	@Nullable AbstractBucket<K, V> firstBucket;

	AbstractBTree() {
	}

	abstract KeyKind keyKind();

	abstract AbstractBTree<K, V> newTree();

	abstract AbstractBucket<K, V> newBucket();

	// ---- map operations

	/**
	 * Returns the value of a key.
	 * @param key the key
	 * @return the value, or {@code null} if the key is absent
	 */
	@SuppressWarnings("unchecked")
	public @Nullable V get(@Nullable Object key) {
		Object normalized = keyKind().normalize(key);
		AbstractBucket<K, V> bucket = bucketFor(normalized);
		if (bucket == null) {
			return null;
		}
		int index = bucket.search(normalized);
		return (index >= 0) ? (V) bucket.values[index] : null;
	}

	/**
	 * Tells whether a key is present.
	 * @param key the key
	 * @return {@code true} if present
	 */
	public boolean containsKey(@Nullable Object key) {
		Object normalized = keyKind().normalize(key);
		AbstractBucket<K, V> bucket = bucketFor(normalized);
		return bucket != null && bucket.search(normalized) >= 0;
	}

	/**
	 * Sets the value of a key.
	 * @param key the key
	 * @param value the value
	 * @return the previous value, or {@code null} if the key was absent
	 */
	@SuppressWarnings("unchecked")
	public @Nullable V put(K key, V value) {
		Object normalized = keyKind().normalize(key);
		readAccess();
		if (this.len == 0) {
			writeAccess();
			AbstractBucket<K, V> bucket = newBucket();
			this.keys = new Object[4];
			this.children = new Persistent[4];
			this.children[0] = bucket;
			this.len = 1;
			this.firstBucket = bucket;
		}
		Object old = insert(this, normalized, value);
		return (old == AbstractBucket.ABSENT) ? null : (V) old;
	}

	/**
	 * Removes a key.
	 * @param key the key
	 * @return the removed value, or {@code null} if the key was absent
	 */
	@SuppressWarnings("unchecked")
	public @Nullable V remove(@Nullable Object key) {
		Object normalized = keyKind().normalize(key);
		readAccess();
		if (this.len == 0) {
			return null;
		}
		Object old = delete(this, normalized, null);
		return (old == AbstractBucket.ABSENT) ? null : (V) old;
	}

	/**
	 * Counts the items by walking the buckets.
	 * @return the number of keys
	 */
	public int size() {
		int count = 0;
		for (AbstractBucket<K, V> bucket = first(); bucket != null; bucket = bucket.loadedNext()) {
			count += bucket.loadedSize();
		}
		return count;
	}

	/**
	 * Tells whether the tree has no keys.
	 * @return {@code true} if empty
	 */
	public boolean isEmpty() {
		readAccess();
		return this.len == 0;
	}

	/**
	 * Returns the smallest key ({@code minKey()}).
	 * @return the key
	 * @throws NoSuchElementException if the tree is empty
	 */
	@SuppressWarnings("unchecked")
	public K firstKey() {
		AbstractBucket<K, V> bucket = first();
		while (bucket != null && bucket.loadedSize() == 0) {
			bucket = bucket.loadedNext();
		}
		if (bucket == null) {
			throw new NoSuchElementException("Empty tree");
		}
		return (K) bucket.keys[0];
	}

	/**
	 * Returns the largest key ({@code maxKey()}).
	 * @return the key
	 * @throws NoSuchElementException if the tree is empty
	 */
	@SuppressWarnings("unchecked")
	public K lastKey() {
		readAccess();
		if (this.len == 0) {
			throw new NoSuchElementException("Empty tree");
		}
		AbstractBucket<K, V> bucket = lastBucketOf(this);
		if (bucket.loadedSize() == 0) {
			throw new NoSuchElementException("Empty tree");
		}
		return (K) bucket.keys[bucket.size - 1];
	}

	/**
	 * Returns every item in key order.
	 * @return the items; the tree must not change while iterating
	 */
	public Iterable<Map.Entry<K, V>> items() {
		return () -> new ItemIterator<>(first(), 0, null, false, keyKind());
	}

	/**
	 * Returns the items with keys between two bounds, both included, in key order.
	 * @param min the lowest key, or {@code null} for no lower bound
	 * @param max the highest key, or {@code null} for no upper bound
	 * @return the items
	 */
	public Iterable<Map.Entry<K, V>> items(@Nullable K min, @Nullable K max) {
		return items(min, true, max, true);
	}

	/**
	 * Returns the items with keys in a range, in key order (Python's {@code items(min, max, excludemin,
	 * excludemax)}).
	 * @param min the lower bound, or {@code null} for none
	 * @param minInclusive whether a key equal to {@code min} is included
	 * @param max the upper bound, or {@code null} for none
	 * @param maxInclusive whether a key equal to {@code max} is included
	 * @return the items
	 */
	public Iterable<Map.Entry<K, V>> items(@Nullable K min, boolean minInclusive, @Nullable K max,
			boolean maxInclusive) {
		KeyKind kind = keyKind();
		Object low = (min != null) ? kind.normalize(min) : null;
		Object high = (max != null) ? kind.normalize(max) : null;
		return () -> {
			if (low == null) {
				return new ItemIterator<>(first(), 0, high, maxInclusive, kind);
			}
			AbstractBucket<K, V> bucket = bucketFor(low);
			if (bucket == null) {
				return new ItemIterator<>(null, 0, high, maxInclusive, kind);
			}
			int index = bucket.search(low);
			if (index < 0) {
				index = -index - 1;
			}
			else if (!minInclusive) {
				index++;
			}
			return new ItemIterator<>(bucket, index, high, maxInclusive, kind);
		};
	}

	/**
	 * Returns every key in order.
	 * @return the keys
	 */
	public Iterable<K> keys() {
		return keys(null, null);
	}

	/**
	 * Returns the keys between two bounds, both included, in order.
	 * @param min the lowest key, or {@code null} for no lower bound
	 * @param max the highest key, or {@code null} for no upper bound
	 * @return the keys
	 */
	public Iterable<K> keys(@Nullable K min, @Nullable K max) {
		return mapped(items(min, max), Map.Entry::getKey);
	}

	/**
	 * Returns every value in key order.
	 * @return the values
	 */
	public Iterable<V> values() {
		return values(null, null);
	}

	/**
	 * Returns the values of the keys between two bounds, both included, in key order.
	 * @param min the lowest key, or {@code null} for no lower bound
	 * @param max the highest key, or {@code null} for no upper bound
	 * @return the values
	 */
	public Iterable<V> values(@Nullable K min, @Nullable K max) {
		return mapped(items(min, max), Map.Entry::getValue);
	}

	/** A view of items that yields a part of each, as iteration reaches it. */
	private static <K, V, T> Iterable<T> mapped(Iterable<Map.Entry<K, V>> items, Function<Map.Entry<K, V>, T> part) {
		return () -> {
			Iterator<Map.Entry<K, V>> iterator = items.iterator();
			return new Iterator<>() {
				@Override
				public boolean hasNext() {
					return iterator.hasNext();
				}

				@Override
				public T next() {
					return part.apply(iterator.next());
				}
			};
		};
	}

	/**
	 * Checks the tree's structure as Python's {@code BTrees.check.check} does: keys ascending in every
	 * bucket and node, every key within its node's separators, the bucket chain linking the leaves left to
	 * right and every {@code firstbucket} pointing at the leftmost leaf.
	 * @throws IllegalStateException describing the first problem found
	 */
	public void check() {
		readAccess();
		List<AbstractBucket<K, V>> leaves = new ArrayList<>();
		checkNode(this, null, null, leaves);
		AbstractBucket<K, V> expected = leaves.isEmpty() ? null : leaves.get(0);
		if (this.firstBucket != expected) {
			throw new IllegalStateException("firstbucket of the root is not the leftmost bucket");
		}
		for (int i = 0; i < leaves.size(); i++) {
			AbstractBucket<K, V> following = (i + 1 < leaves.size()) ? leaves.get(i + 1) : null;
			if (leaves.get(i).loadedNext() != following) {
				throw new IllegalStateException("Bucket " + i + " does not link to the next leaf");
			}
		}
	}

	// ---- internals

	final @Nullable AbstractBucket<K, V> first() {
		readAccess();
		return (this.len == 0) ? null : this.firstBucket;
	}

	/** Descends to the bucket a key belongs in, or {@code null} for an empty tree. */
	@SuppressWarnings("unchecked")
	final @Nullable AbstractBucket<K, V> bucketFor(@Nullable Object key) {
		AbstractBTree<K, V> node = this;
		while (true) {
			node.readAccess();
			if (node.len == 0) {
				return null;
			}
			Persistent child = node.children[node.childIndex(key)];
			if (child instanceof AbstractBTree<?, ?> tree) {
				node = (AbstractBTree<K, V>) tree;
			}
			else {
				AbstractBucket<K, V> bucket = (AbstractBucket<K, V>) child;
				bucket.load();
				return bucket;
			}
		}
	}

	/** The largest index whose separator is at most the key (0 if none), as Python's BTREE_SEARCH. */
	final int childIndex(@Nullable Object key) {
		KeyKind kind = keyKind();
		int low = 0;
		int high = this.len;
		for (int i = high >>> 1; i != low; i = (low + high) >>> 1) {
			int cmp = kind.compare(this.keys[i], key);
			if (cmp < 0) {
				low = i;
			}
			else if (cmp == 0) {
				low = i;
				break;
			}
			else {
				high = i;
			}
		}
		return low;
	}

	@SuppressWarnings("unchecked")
	private static <K, V> @Nullable Object insert(AbstractBTree<K, V> node, Object key, @Nullable Object value) {
		node.readAccess();
		int index = node.childIndex(key);
		Persistent child = node.children[index];
		Object old;
		boolean tooBig;
		if (child instanceof AbstractBTree<?, ?> tree) {
			AbstractBTree<K, V> subtree = (AbstractBTree<K, V>) tree;
			old = insert(subtree, key, value);
			tooBig = subtree.len > node.keyKind().maxTreeSize;
		}
		else {
			AbstractBucket<K, V> bucket = (AbstractBucket<K, V>) child;
			old = bucket.putItem(key, value);
			tooBig = bucket.size > node.keyKind().maxBucketSize;
		}
		if (child.getOid() == null) {
			node.writeAccess();
		}
		if (tooBig) {
			node.grow(index);
		}
		return old;
	}

	/** Splits the child at an index in two, as Python's {@code BTree_grow}. */
	@SuppressWarnings("unchecked")
	private void grow(int index) {
		writeAccess();
		Persistent child = this.children[index];
		Persistent sibling;
		Object separator;
		if (child instanceof AbstractBTree<?, ?> tree) {
			AbstractBTree<K, V> right = ((AbstractBTree<K, V>) tree).splitNode();
			sibling = right;
			separator = right.keys[0];
		}
		else {
			AbstractBucket<K, V> right = ((AbstractBucket<K, V>) child).split();
			sibling = right;
			separator = right.keys[0];
		}
		insertChild(index + 1, separator, sibling);
		if (this.len >= keyKind().maxTreeSize * 2) {
			splitRoot();
		}
	}

	private AbstractBTree<K, V> splitNode() {
		writeAccess();
		int index = this.len / 2;
		AbstractBTree<K, V> right = newTree();
		int moved = this.len - index;
		right.keys = Arrays.copyOfRange(this.keys, index, index + moved + 4);
		right.children = Arrays.copyOfRange(this.children, index, index + moved + 4);
		right.len = moved;
		right.firstBucket = firstBucketOf(right.children[0]);
		Arrays.fill(this.keys, index, this.len, null);
		Arrays.fill(this.children, index, this.len, null);
		this.len = index;
		return right;
	}

	private void splitRoot() {
		AbstractBTree<K, V> child = newTree();
		child.keys = this.keys;
		child.children = this.children;
		child.len = this.len;
		child.firstBucket = this.firstBucket;
		this.keys = new Object[4];
		this.children = new Persistent[4];
		this.children[0] = child;
		this.len = 1;
		grow(0);
	}

	private void insertChild(int index, @Nullable Object separator, Persistent child) {
		if (this.len == this.children.length) {
			int capacity = Math.max(4, this.len * 2);
			this.keys = Arrays.copyOf(this.keys, capacity);
			this.children = Arrays.copyOf(this.children, capacity);
		}
		System.arraycopy(this.keys, index, this.keys, index + 1, this.len - index);
		System.arraycopy(this.children, index, this.children, index + 1, this.len - index);
		this.keys[index] = separator;
		this.children[index] = child;
		this.len++;
	}

	private void removeChild(int index) {
		writeAccess();
		System.arraycopy(this.keys, index + 1, this.keys, index, this.len - index - 1);
		System.arraycopy(this.children, index + 1, this.children, index, this.len - index - 1);
		this.len--;
		this.keys[this.len] = null;
		this.children[this.len] = null;
		if (this.len > 0) {
			this.keys[0] = null;
		}
		if (index == 0) {
			this.firstBucket = (this.len > 0) ? firstBucketOf(this.children[0]) : null;
		}
	}

	/**
	 * Removes a key under a node; {@code left} is the subtree just left of this node (for relinking the
	 * bucket chain when a bucket empties). Returns the removed value or ABSENT.
	 */
	@SuppressWarnings("unchecked")
	private static <K, V> @Nullable Object delete(AbstractBTree<K, V> node, Object key, @Nullable Persistent left) {
		node.readAccess();
		int index = node.childIndex(key);
		Persistent child = node.children[index];
		Persistent leftOfChild = (index > 0) ? node.children[index - 1] : left;
		Object old;
		boolean empty;
		if (child instanceof AbstractBTree<?, ?> tree) {
			AbstractBTree<K, V> subtree = (AbstractBTree<K, V>) tree;
			old = delete(subtree, key, leftOfChild);
			if (old == AbstractBucket.ABSENT) {
				return old;
			}
			empty = subtree.len == 0;
			if (!empty && index == 0 && node.firstBucket != subtree.firstBucket) {
				node.writeAccess();
				node.firstBucket = subtree.firstBucket;
			}
		}
		else {
			AbstractBucket<K, V> bucket = (AbstractBucket<K, V>) child;
			old = bucket.removeItem(key);
			if (old == AbstractBucket.ABSENT) {
				return old;
			}
			empty = bucket.size == 0;
			if (empty && leftOfChild != null) {
				AbstractBucket<K, V> previous = lastBucketOf(leftOfChild);
				previous.linkNext(bucket.next);
			}
		}
		if (child.getOid() == null) {
			node.writeAccess();
		}
		if (empty) {
			node.removeChild(index);
		}
		return old;
	}

	@SuppressWarnings("unchecked")
	private static <K, V> AbstractBucket<K, V> firstBucketOf(Persistent child) {
		if (child instanceof AbstractBTree<?, ?> tree) {
			tree.readAccess();
			return (AbstractBucket<K, V>) tree.firstBucket;
		}
		return (AbstractBucket<K, V>) child;
	}

	@SuppressWarnings("unchecked")
	private static <K, V> AbstractBucket<K, V> lastBucketOf(Persistent child) {
		Persistent current = child;
		while (current instanceof AbstractBTree<?, ?> tree) {
			tree.readAccess();
			current = tree.children[tree.len - 1];
		}
		return (AbstractBucket<K, V>) current;
	}

	@SuppressWarnings("unchecked")
	private void checkNode(AbstractBTree<K, V> node, @Nullable Object low, @Nullable Object high,
			List<AbstractBucket<K, V>> leaves) {
		node.readAccess();
		KeyKind kind = keyKind();
		for (int i = 0; i < node.len; i++) {
			Object childLow = (i == 0) ? low : node.keys[i];
			Object childHigh = (i + 1 < node.len) ? node.keys[i + 1] : high;
			if (i > 0) {
				if (low != null && kind.compare(node.keys[i], low) < 0
						|| high != null && kind.compare(node.keys[i], high) >= 0) {
					throw new IllegalStateException("Separator " + node.keys[i] + " is outside its node's range");
				}
				if (i > 1 && kind.compare(node.keys[i - 1], node.keys[i]) >= 0) {
					throw new IllegalStateException("Separators out of order at " + node.keys[i]);
				}
			}
			Persistent child = node.children[i];
			if (child instanceof AbstractBTree<?, ?> tree) {
				AbstractBTree<K, V> subtree = (AbstractBTree<K, V>) tree;
				int before = leaves.size();
				checkNode(subtree, childLow, childHigh, leaves);
				if (leaves.size() > before && (Object) subtree.firstBucket != leaves.get(before)) {
					throw new IllegalStateException("firstbucket of an interior node is not its leftmost bucket");
				}
			}
			else {
				AbstractBucket<K, V> bucket = (AbstractBucket<K, V>) child;
				int size = bucket.loadedSize();
				for (int k = 0; k < size; k++) {
					Object key = bucket.keys[k];
					if (k > 0 && kind.compare(bucket.keys[k - 1], key) >= 0) {
						throw new IllegalStateException("Bucket keys out of order at " + key);
					}
					if (childLow != null && kind.compare(key, childLow) < 0
							|| childHigh != null && kind.compare(key, childHigh) >= 0) {
						throw new IllegalStateException("Key " + key + " is outside its bucket's range");
					}
				}
				leaves.add(bucket);
			}
		}
	}

	int bucketCount() {
		int count = 0;
		for (AbstractBucket<K, V> bucket = first(); bucket != null; bucket = bucket.loadedNext()) {
			count++;
		}
		return count;
	}

	int depth() {
		int depth = 1;
		Persistent node = this;
		while (node instanceof AbstractBTree<?, ?> tree) {
			tree.readAccess();
			if (tree.len == 0) {
				break;
			}
			node = tree.children[0];
			depth++;
		}
		return depth;
	}

	// ---- state

	@Override
	protected @Nullable Object getState() {
		if (this.len == 0) {
			return null;
		}
		if (this.len == 1 && this.children[0] instanceof AbstractBucket<?, ?> only && only.getOid() == null) {
			return PickleTuple.of(PickleTuple.of(only.getState()));
		}
		Object[] data = new Object[this.len * 2 - 1];
		data[0] = this.children[0];
		for (int i = 1; i < this.len; i++) {
			data[2 * i - 1] = this.keys[i];
			data[2 * i] = this.children[i];
		}
		return PickleTuple.of(PickleTuple.of(data), this.firstBucket);
	}

	@Override
	@SuppressWarnings("unchecked")
	protected void setState(@Nullable Object state) {
		if (state == null) {
			clearState();
			return;
		}
		if (!(state instanceof PickleTuple tuple) || tuple.isEmpty() || tuple.size() > 2
				|| !(tuple.get(0) instanceof PickleTuple data)) {
			throw new IllegalArgumentException("BTree state is not None, ((bucket,),) or ((children...), firstbucket)");
		}
		if (tuple.size() == 1) {
			if (data.size() != 1) {
				throw new IllegalArgumentException("BTree state without firstbucket has " + data.size() + " children");
			}
			AbstractBucket<K, V> bucket = newBucket();
			bucket.setState(data.get(0));
			this.keys = new Object[4];
			this.children = new Persistent[4];
			this.children[0] = bucket;
			this.len = 1;
			this.firstBucket = bucket;
			return;
		}
		if (data.size() % 2 != 1) {
			throw new IllegalArgumentException("BTree state has " + data.size() + " child and key items");
		}
		int count = (data.size() + 1) / 2;
		Object[] newKeys = new Object[count + 4];
		Persistent[] newChildren = new Persistent[count + 4];
		KeyKind kind = keyKind();
		for (int i = 0; i < count; i++) {
			Object child = data.get(2 * i);
			if (!(child instanceof AbstractBTree<?, ?>) && !(child instanceof AbstractBucket<?, ?>)) {
				throw new IllegalArgumentException("BTree child " + i + " is not a tree or bucket: " + child);
			}
			newChildren[i] = (Persistent) child;
			if (i > 0) {
				newKeys[i] = kind.normalize(data.get(2 * i - 1));
			}
		}
		if (!(tuple.get(1) instanceof AbstractBucket<?, ?> first)) {
			throw new IllegalArgumentException("BTree firstbucket is not a bucket: " + tuple.get(1));
		}
		this.keys = newKeys;
		this.children = newChildren;
		this.len = count;
		this.firstBucket = (AbstractBucket<K, V>) first;
	}

	@Override
	protected void clearState() {
		this.keys = NO_KEYS;
		this.children = NO_CHILDREN;
		this.len = 0;
		this.firstBucket = null;
	}

	/**
	 * Merges concurrent changes of a tree stored with a single inline bucket, as Python does: the buckets
	 * are merged as {@link AbstractBucket#resolveConflict} merges them. Any other shape conflicts.
	 */
	@Override
	public @Nullable Object resolveConflict(@Nullable Object oldState, @Nullable Object committedState,
			@Nullable Object newState) {
		Object merged = newBucket().resolveConflict(inlineBucket(oldState), inlineBucket(committedState),
				inlineBucket(newState));
		return PickleTuple.of(PickleTuple.of(merged));
	}

	private static Object inlineBucket(@Nullable Object state) {
		if (state instanceof PickleTuple tuple && tuple.size() == 1 && tuple.get(0) instanceof PickleTuple data
				&& data.size() == 1 && data.get(0) instanceof PickleTuple bucket) {
			return bucket;
		}
		throw new ConflictError("Only trees with a single inline bucket can be merged", null, null, null);
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[oid=" + getOid() + (isGhost() ? ", ghost]" : ", children=" + this.len + "]");
	}

	/**
	 * Walks items from a bucket position along the chain, up to an optional bound.
	 */
	private static final class ItemIterator<K, V> implements Iterator<Map.Entry<K, V>> {

		private @Nullable AbstractBucket<K, V> bucket;

		private int index;

		private final @Nullable Object high;

		private final boolean highInclusive;

		private final KeyKind kind;

		ItemIterator(@Nullable AbstractBucket<K, V> bucket, int index, @Nullable Object high, boolean highInclusive,
				KeyKind kind) {
			this.bucket = bucket;
			this.index = index;
			this.high = high;
			this.highInclusive = highInclusive;
			this.kind = kind;
			advance();
		}

		private void advance() {
			while (this.bucket != null && this.index >= this.bucket.loadedSize()) {
				this.bucket = this.bucket.loadedNext();
				this.index = 0;
			}
			if (this.bucket != null && this.high != null) {
				int cmp = this.kind.compare(this.bucket.keys[this.index], this.high);
				if (cmp > 0 || (cmp == 0 && !this.highInclusive)) {
					this.bucket = null;
				}
			}
		}

		@Override
		public boolean hasNext() {
			return this.bucket != null;
		}

		@Override
		@SuppressWarnings("unchecked")
		public Map.Entry<K, V> next() {
			AbstractBucket<K, V> current = this.bucket;
			if (current == null) {
				throw new NoSuchElementException();
			}
			current.load();
			Map.Entry<K, V> entry = new AbstractMap.SimpleImmutableEntry<>((K) current.keys[this.index],
					(V) current.values[this.index]);
			this.index++;
			advance();
			return entry;
		}

	}

}
