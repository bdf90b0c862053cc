package io.zkzeo.db.btree;

/**
 * A BTree with 32-bit int keys and object values, stored as Python's {@code BTrees.IOBTree.IOBTree}.
 *
 * @param <V> the value type
 */
public class IOBTree<V> extends AbstractBTree<Integer, V> {

	/**
	 * Creates an empty tree.
	 */
	public IOBTree() {
	}

	@Override
	final KeyKind keyKind() {
		return KeyKind.INT;
	}

	@Override
	final AbstractBTree<Integer, V> newTree() {
		return new IOBTree<>();
	}

	@Override
	final AbstractBucket<Integer, V> newBucket() {
		return new IOBucket<>();
	}

}
