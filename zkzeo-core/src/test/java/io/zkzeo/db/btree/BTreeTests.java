package io.zkzeo.db.btree;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import io.zkzeo.db.Connection;
import io.zkzeo.db.DB;
import io.zkzeo.db.TransactionManager;
import io.zkzeo.pickle.ObjectRecord;
import io.zkzeo.pickle.PickleTuple;
import io.zkzeo.pickle.RecordCodec;
import io.zkzeo.storage.ConflictError;
import io.zkzeo.storage.memory.MemoryStorage;
import io.zkzeo.storage.memory.MemoryStorageOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * BTree behaviour: splits at Python's sizes, removal of empty buckets, range queries, the stored layouts
 * and conflict resolution.
 */
class BTreeTests {

	private final MemoryStorage storage = new MemoryStorage(MemoryStorageOptions.defaults());

	private final DB db = new DB(this.storage);

	@AfterEach
	void closeDb() {
		this.db.close();
	}

	@Test
	void thousandsOfRandomKeysShouldSplitIntoAValidTree() {
		OOBTree<String, Long> tree = new OOBTree<>();
		TreeMap<String, Long> expected = new TreeMap<>();
		Random random = new Random(42);
		for (int i = 0; i < 20_000; i++) {
			String key = "k" + random.nextInt(1_000_000);
			tree.put(key, (long) i);
			expected.put(key, (long) i);
		}
		tree.check();
		assertThat(tree.size()).isEqualTo(expected.size());
		assertThat(tree.depth()).isGreaterThanOrEqualTo(3);
		assertThat(tree.keys()).containsExactlyElementsOf(expected.keySet());
		for (AbstractBucket<String, Long> bucket = tree.first(); bucket != null; bucket = bucket.loadedNext()) {
			assertThat(bucket.size()).isBetween(1, KeyKind.OBJECT.maxBucketSize);
		}
		assertThat(tree.keys("k5", "k6")).containsExactlyElementsOf(expected.subMap("k5", true, "k6", true).keySet());
		assertThat(tree.items("k1", false, "k2", false)).extracting(Map.Entry::getKey)
			.containsExactlyElementsOf(expected.subMap("k1", false, "k2", false).keySet());
		assertThat(tree.firstKey()).isEqualTo(expected.firstKey());
		assertThat(tree.lastKey()).isEqualTo(expected.lastKey());
	}

	@Test
	void removingEveryKeyShouldRemoveBucketsAndKeepTheChain() {
		IOBTree<String> tree = new IOBTree<>();
		List<Integer> keys = new ArrayList<>();
		for (int i = 0; i < 5_000; i++) {
			keys.add(i * 3);
			tree.put(i * 3, "v" + i);
		}
		int bucketsBefore = tree.bucketCount();
		Collections.shuffle(keys, new Random(7));
		for (int i = 0; i < keys.size(); i++) {
			assertThat(tree.remove(keys.get(i))).isNotNull();
			if (i % 500 == 0) {
				tree.check();
				assertThat(tree.size()).isEqualTo(keys.size() - i - 1);
			}
		}
		assertThat(tree.remove(3)).isNull();
		assertThat(tree.isEmpty()).isTrue();
		assertThat(tree.bucketCount()).isZero();
		assertThat(bucketsBefore).isGreaterThan(80);
		tree.check();
		tree.put(1, "again");
		assertThat(tree.get(1)).isEqualTo("again");
	}

	@Test
	void ascendingInsertsShouldSplitBucketsInHalvesAsPythonDoes() {
		OOBTree<String, Long> tree = new OOBTree<>();
		for (long i = 0; i < 31; i++) {
			tree.put(String.format("k%03d", i), i);
		}
		assertThat(tree.bucketCount()).isEqualTo(2);
		assertThat(tree.first().size()).isEqualTo(15);
		assertThat(tree.first().loadedNext().size()).isEqualTo(16);
		LOBTree<String> longs = new LOBTree<>();
		for (long i = 0; i < 61; i++) {
			longs.put(i, "x");
		}
		assertThat(longs.bucketCount()).isEqualTo(2);
		assertThat(longs.first().size()).isEqualTo(30);
	}

	@Test
	void rootShouldGrowALevelAtTwiceTheNodeSize() {
		IOBTree<Long> tree = new IOBTree<>();
		int key = 0;
		while (tree.depth() < 3) {
			tree.put(key, (long) key);
			key++;
		}
		tree.check();
		// a bucket splits when it reaches 61 items (first at key 61, then every 30 keys); the root splits at 1000 children
		assertThat(key).isEqualTo(61 + 998 * 30);
		assertThat(tree.len).isEqualTo(2);
	}

	@Test
	void singleBucketTreeShouldBeStoredInline() {
		TransactionManager manager = new TransactionManager();
		try (Connection connection = this.db.open(manager)) {
			OOBTree<String, Long> tree = new OOBTree<>();
			tree.put("a", 1L);
			tree.put("b", 2L);
			connection.root().put("small", tree);
			long before = this.storage.objectCount();
			manager.commit();
			assertThat(this.storage.objectCount() - before).as("root is rewritten, tree added, no bucket").isEqualTo(1);
			ObjectRecord record = RecordCodec.generic().decode(this.storage.load(tree.getOid()).data());
			assertThat(record.state()).isEqualTo(PickleTuple.of(PickleTuple.of(PickleTuple.of(PickleTuple.of("a", 1L, "b", 2L)))));
			tree.put("c", 3L);
			assertThat(tree.isChanged()).as("an inline bucket's change changes the tree").isTrue();
			manager.commit();
			for (int i = 0; i < 40; i++) {
				tree.put("key" + i, (long) i);
			}
			manager.commit();
			ObjectRecord split = RecordCodec.generic().decode(this.storage.load(tree.getOid()).data());
			assertThat(((PickleTuple) split.state()).size()).isEqualTo(2);
			assertThat(tree.first().getOid()).isNotNull();
		}
		try (Connection connection = this.db.open(new TransactionManager())) {
			@SuppressWarnings("unchecked")
			OOBTree<String, Long> tree = (OOBTree<String, Long>) connection.root().get("small");
			tree.check();
			assertThat(tree.size()).isEqualTo(43);
			assertThat(tree.get("c")).isEqualTo(3L);
		}
	}

	@Test
	void largeTreeShouldReloadIdentically() {
		TreeMap<Long, String> expected = new TreeMap<>();
		this.db.transaction((connection) -> {
			LOBTree<String> tree = new LOBTree<>();
			Random random = new Random(3);
			for (int i = 0; i < 10_000; i++) {
				long key = random.nextLong();
				tree.put(key, "v" + i);
				expected.put(key, "v" + i);
			}
			connection.root().put("tree", tree);
			return null;
		});
		this.db.transaction((connection) -> {
			@SuppressWarnings("unchecked")
			LOBTree<String> tree = (LOBTree<String>) connection.root().get("tree");
			for (Long key : new ArrayList<>(expected.keySet()).subList(0, 3_000)) {
				tree.remove(key);
				expected.remove(key);
			}
			return null;
		});
		DB fresh = new DB(this.storage);
		try (Connection connection = fresh.open(new TransactionManager())) {
			@SuppressWarnings("unchecked")
			LOBTree<String> tree = (LOBTree<String>) connection.root().get("tree");
			tree.check();
			List<Map.Entry<Long, String>> items = new ArrayList<>();
			tree.items().forEach(items::add);
			assertThat(items).containsExactlyElementsOf(expected.entrySet());
		}
	}

	@Test
	void keysOfTheWrongKindShouldBeRefused() {
		IOBTree<String> ints = new IOBTree<>();
		assertThatIllegalArgumentException().isThrownBy(() -> ints.put(null, "x"));
		assertThatIllegalArgumentException().isThrownBy(() -> ints.get(1L << 40));
		OOBTree<Object, String> objects = new OOBTree<>();
		objects.put("a", "x");
		assertThatIllegalArgumentException().isThrownBy(() -> objects.put(1L, "y"));
		assertThatIllegalArgumentException().isThrownBy(() -> objects.put(new Object(), "y"));
	}

	@Test
	void concurrentInsertsIntoOneBucketShouldMerge() {
		this.db.transaction((connection) -> {
			OOBTree<String, Long> tree = new OOBTree<>();
			for (long i = 0; i < 40; i++) {
				tree.put(String.format("k%02d", i), i);
			}
			connection.root().put("tree", tree);
			return null;
		});
		TransactionManager first = new TransactionManager();
		TransactionManager second = new TransactionManager();
		try (Connection a = this.db.open(first); Connection b = this.db.open(second)) {
			first.begin();
			second.begin();
			treeOf(a).put("k05a", 100L);
			treeOf(b).put("k07a", 200L);
			treeOf(b).remove("k01");
			first.commit();
			second.commit();
			first.begin();
			OOBTree<String, Long> merged = treeOf(a);
			assertThat(merged.get("k05a")).isEqualTo(100L);
			assertThat(merged.get("k07a")).isEqualTo(200L);
			assertThat(merged.containsKey("k01")).isFalse();
			assertThat(merged.size()).isEqualTo(41);
			merged.check();
			second.begin();
			treeOf(a).put("k10", -1L);
			treeOf(b).put("k10", -2L);
			first.commit();
			assertThatExceptionOfType(ConflictError.class).isThrownBy(second::commit);
		}
	}

	@Test
	void concurrentChangesToASmallInlineTreeShouldMerge() {
		this.db.transaction((connection) -> {
			OOBTree<String, Long> tree = new OOBTree<>();
			tree.put("a", 1L);
			tree.put("m", 2L);
			connection.root().put("tree", tree);
			return null;
		});
		TransactionManager first = new TransactionManager();
		TransactionManager second = new TransactionManager();
		try (Connection a = this.db.open(first); Connection b = this.db.open(second)) {
			first.begin();
			second.begin();
			treeOf(a).put("b", 3L);
			treeOf(b).put("z", 4L);
			first.commit();
			second.commit();
			first.begin();
			assertThat(treeOf(a).keys()).containsExactly("a", "b", "m", "z");
		}
	}

	@Test
	void bucketMergeShouldFollowPythonsRules() {
		OOBucket<String, Long> bucket = new OOBucket<>();
		PickleTuple old = PickleTuple.of(PickleTuple.of("b", 1L, "d", 2L, "f", 3L));
		assertThat(bucket.resolveConflict(old, state("b", 1L, "c", 9L, "d", 2L, "f", 3L), state("b", 1L, "d", 5L, "f", 3L)))
			.isEqualTo(state("b", 1L, "c", 9L, "d", 5L, "f", 3L));
		assertThat(bucket.resolveConflict(old, state("b", 1L, "f", 3L), state("b", 1L, "d", 2L, "f", 3L, "g", 4L)))
			.isEqualTo(state("b", 1L, "f", 3L, "g", 4L));
		assertThatExceptionOfType(ConflictError.class).as("same insert on both sides")
			.isThrownBy(() -> bucket.resolveConflict(old, state("a", 0L, "b", 1L, "d", 2L, "f", 3L),
					state("a", 0L, "b", 1L, "d", 2L, "f", 3L)));
		assertThatExceptionOfType(ConflictError.class).as("same value change on both sides")
			.isThrownBy(() -> bucket.resolveConflict(old, state("b", 7L, "d", 2L, "f", 3L), state("b", 7L, "d", 2L, "f", 3L)));
		assertThatExceptionOfType(ConflictError.class).as("same deletion on both sides")
			.isThrownBy(() -> bucket.resolveConflict(old, state("b", 1L, "f", 3L), state("b", 1L, "f", 3L)));
		assertThatExceptionOfType(ConflictError.class).as("deleting the first key")
			.isThrownBy(() -> bucket.resolveConflict(old, state("b", 1L, "d", 2L, "f", 3L, "g", 4L), state("d", 2L, "f", 3L)));
		assertThatExceptionOfType(ConflictError.class).as("deletion against change")
			.isThrownBy(() -> bucket.resolveConflict(old, state("b", 1L, "d", 8L, "f", 3L), state("b", 1L, "f", 3L)));
	}

	private static PickleTuple state(Object... items) {
		return PickleTuple.of(PickleTuple.of(items));
	}

	@Test
	void concurrentLengthChangesShouldAdd() {
		this.db.transaction((connection) -> {
			connection.root().put("length", new Length(10));
			return null;
		});
		TransactionManager first = new TransactionManager();
		TransactionManager second = new TransactionManager();
		try (Connection a = this.db.open(first); Connection b = this.db.open(second)) {
			first.begin();
			second.begin();
			((Length) a.root().get("length")).change(5);
			((Length) b.root().get("length")).change(-3);
			first.commit();
			second.commit();
			first.begin();
			assertThat(((Length) a.root().get("length")).value()).isEqualTo(12);
		}
	}

	@SuppressWarnings("unchecked")
	private static OOBTree<String, Long> treeOf(Connection connection) {
		return (OOBTree<String, Long>) connection.root().get("tree");
	}

}
