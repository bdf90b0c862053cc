package io.zkzeo.db.btree;

/**
 * A bucket of {@link OOBTree}, stored as Python's {@code BTrees.OOBTree.OOBucket}.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public class OOBucket<K, V> extends AbstractBucket<K, V> {

	/**
	 * Creates an empty bucket (normally made by its tree).
	 */
	public OOBucket() {
	}

	@Override
	final KeyKind keyKind() {
		return KeyKind.OBJECT;
	}

	@Override
	final AbstractBucket<K, V> newBucket() {
		return new OOBucket<>();
	}

}
