package io.zkzeo.db.btree;

/**
 * A bucket of {@link LOBTree}, stored as Python's {@code BTrees.LOBTree.LOBucket}.
 *
 * @param <V> the value type
 */
public class LOBucket<V> extends AbstractBucket<Long, V> {

	/**
	 * Creates an empty bucket (normally made by its tree).
	 */
	public LOBucket() {
	}

	@Override
	final KeyKind keyKind() {
		return KeyKind.LONG;
	}

	@Override
	final AbstractBucket<Long, V> newBucket() {
		return new LOBucket<>();
	}

}
