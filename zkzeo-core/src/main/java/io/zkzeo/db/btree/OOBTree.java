package io.zkzeo.db.btree;

/**
 * A BTree with object keys and values, stored as Python's {@code BTrees.OOBTree.OOBTree}. Keys are values Python can order ({@code str}, {@code int}, {@code float}, {@code bytes}, tuples of them, {@code None}); keys of different kinds must not be mixed.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public class OOBTree<K, V> extends AbstractBTree<K, V> {

	/**
	 * Creates an empty tree.
	 */
	public OOBTree() {
	}

	@Override
	final KeyKind keyKind() {
		return KeyKind.OBJECT;
	}

	@Override
	final AbstractBTree<K, V> newTree() {
		return new OOBTree<>();
	}

	@Override
	final AbstractBucket<K, V> newBucket() {
		return new OOBucket<>();
	}

}
