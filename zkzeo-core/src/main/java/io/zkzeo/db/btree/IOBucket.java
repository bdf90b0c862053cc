package io.zkzeo.db.btree;

/**
 * A bucket of {@link IOBTree}, stored as Python's {@code BTrees.IOBTree.IOBucket}.
 *
 * @param <V> the value type
 */
public class IOBucket<V> extends AbstractBucket<Integer, V> {

	/**
	 * Creates an empty bucket (normally made by its tree).
	 */
	public IOBucket() {
	}

	@Override
	final KeyKind keyKind() {
		return KeyKind.INT;
	}

	@Override
	final AbstractBucket<Integer, V> newBucket() {
		return new IOBucket<>();
	}

}
