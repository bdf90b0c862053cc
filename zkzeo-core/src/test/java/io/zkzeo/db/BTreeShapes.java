package io.zkzeo.db;

import java.util.ArrayList;
import java.util.List;

import io.zkzeo.db.btree.AbstractBTree;
import io.zkzeo.db.btree.AbstractBucket;
import io.zkzeo.pickle.PickleTuple;

/**
 * Reads the shape of a loaded BTree through its stored state, for comparing with Python's trees.
 */
final class BTreeShapes {

	private BTreeShapes() {
	}

	/** The item counts of the tree's buckets, left to right. */
	static List<Integer> bucketSizes(AbstractBTree<?, ?> tree) {
		List<Integer> sizes = new ArrayList<>();
		Object state = tree.getConnection() != null ? stateOf(tree) : null;
		collect(state, sizes);
		return sizes;
	}

	private static Object stateOf(Persistent object) {
		if (object.isGhost()) {
			object.getConnection().get(object.getOid());
		}
		return object.stateForStorage();
	}

	private static void collect(Object state, List<Integer> sizes) {
		if (!(state instanceof PickleTuple tuple)) {
			return;
		}
		PickleTuple data = (PickleTuple) tuple.get(0);
		if (tuple.size() == 1) {
			sizes.add(((PickleTuple) ((PickleTuple) data.get(0)).get(0)).size() / 2);
			return;
		}
		for (int i = 0; i < data.size(); i += 2) {
			Object child = data.get(i);
			if (child instanceof AbstractBucket<?, ?> bucket) {
				sizes.add(bucket.size());
			}
			else {
				collect(stateOf((Persistent) child), sizes);
			}
		}
	}

}
