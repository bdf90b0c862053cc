package io.zkzeo.db.btree;

/**
 * A BTree with 64-bit int keys and object values, stored as Python's {@code BTrees.LOBTree.LOBTree}.
 *
 * @param <V> the value type
 */
public class LOBTree<V> extends AbstractBTree<Long, V> {

	/**
	 * Creates an empty tree.
	 */
	public LOBTree() {
	}

	@Override
	final KeyKind keyKind() {
		return KeyKind.LONG;
	}

	@Override
	final AbstractBTree<Long, V> newTree() {
		return new LOBTree<>();
	}

	@Override
	final AbstractBucket<Long, V> newBucket() {
		return new LOBucket<>();
	}

}
