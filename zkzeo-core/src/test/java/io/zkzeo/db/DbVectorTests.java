package io.zkzeo.db;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkzeo.db.btree.IOBTree;
import io.zkzeo.db.btree.LOBTree;
import io.zkzeo.db.btree.Length;
import io.zkzeo.db.btree.OOBTree;
import io.zkzeo.pickle.PersistentReference;
import io.zkzeo.pickle.PickleBytes;
import io.zkzeo.pickle.PickleTuple;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.StorageIterator;
import io.zkzeo.storage.TransactionRecord;
import io.zkzeo.storage.file.FileStorage;
import io.zkzeo.storage.memory.MemoryStorage;
import io.zkzeo.storage.memory.MemoryStorageOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database against the FileStorage vectors written by Python ZODB: Python's containers load into
 * the Java types, and unchanged objects are written back byte for byte.
 */
class DbVectorTests {

	@TempDir
	Path dir;

	@Test
	void openOnEmptyStorageShouldCreateRootAsZodbDoes() {
		MemoryStorage storage = new MemoryStorage(MemoryStorageOptions.defaults());
		try (DB db = new DB(storage)) {
			byte[] expected = DbVectors.currentRecords("empty").get(Oid.ROOT);
			assertThat(storage.load(Oid.ROOT).data()).isEqualTo(expected);
			try (StorageIterator transactions = storage.iterator(null, null)) {
				TransactionRecord first = transactions.next();
				assertThat(first.descriptionText()).isEqualTo("initial database creation");
				assertThat(first.user()).isEmpty();
				assertThat(first.extension()).isEmpty();
				assertThat(transactions.hasNext()).isFalse();
			}
			try (Connection connection = db.open()) {
				assertThat(connection.root()).isEmpty();
			}
		}
	}

	@Test
	void transactionMetaDataShouldBeWrittenAsPythonWroteIt() {
		MemoryStorage storage = new MemoryStorage(MemoryStorageOptions.defaults());
		try (DB db = new DB(storage)) {
			TransactionManager manager = new TransactionManager();
			try (Connection connection = db.open(manager)) {
				Transaction transaction = manager.begin();
				transaction.setUser("carol");
				transaction.note("btrees");
				transaction.setExtendedInfo("tags", new ArrayList<>(List.of("a", "b")));
				transaction.setExtendedInfo("size", 300L);
				connection.root().put("x", 1L);
				manager.commit();
			}
			JsonNode python = DbVectors.json("containers").get("transactions").get(3);
			try (StorageIterator transactions = storage.iterator(storage.lastTransaction(), null)) {
				TransactionRecord record = transactions.next();
				assertThat(record.user()).isEqualTo(HexFormat.of().parseHex(python.get("user_hex").asText()));
				assertThat(record.description())
					.isEqualTo(HexFormat.of().parseHex(python.get("description_hex").asText()));
				assertThat(record.extension()).isEqualTo(HexFormat.of().parseHex(python.get("extension_hex").asText()));
			}
		}
	}

	@Test
	@SuppressWarnings("unchecked")
	void containersShouldLoadIntoJavaTypes() {
		try (DB db = new DB(FileStorage.open(DbVectors.copy("containers", this.dir)));
				Connection connection = db.open()) {
			PersistentMap<String, Object> root = connection.root();
			assertThat(root.keySet()).containsExactly("map", "list", "big", "neg", "oobtree", "iobtree", "lobtree",
					"length", "child", "unicode");
			PersistentMap<String, Object> map = (PersistentMap<String, Object>) root.get("map");
			assertThat(map.get("a")).isEqualTo(2L);
			assertThat(map.get("b")).isEqualTo("two");
			assertThat(map.get("c")).isEqualTo(PickleBytes.of("bytes".getBytes()));
			assertThat(map.get("d")).isEqualTo(3.5);
			assertThat(map.containsKey("e")).isTrue();
			assertThat(map.get("e")).isNull();
			assertThat(map.get("f")).isEqualTo(true);
			assertThat(map.get("g")).isEqualTo(PickleTuple.of(1L, 2L));
			assertThat(map.get("h")).isEqualTo(List.of(1L, "x"));
			assertThat((List<Object>) root.get("list")).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
			assertThat(root.get("big")).isEqualTo(BigInteger.TWO.pow(70));
			assertThat(root.get("neg")).isEqualTo(-12345678901L);
			assertThat(root.get("unicode")).isEqualTo("Grüße ✓");
			assertThat(((Length) root.get("length")).value()).isEqualTo(7);
			PersistentMap<String, Object> child = (PersistentMap<String, Object>) root.get("child");
			assertThat(child.get("parent")).isSameAs(map);

			OOBTree<String, Long> oobtree = (OOBTree<String, Long>) root.get("oobtree");
			List<String> keys = new ArrayList<>();
			oobtree.keys().forEach(keys::add);
			assertThat(keys).hasSize(300).isSorted();
			assertThat(keys.get(0)).isEqualTo("key0000");
			assertThat(oobtree.get("key0123")).isEqualTo(123L);
			assertThat(oobtree.get("nokey")).isNull();
			assertThat(oobtree.keys("key0100", "key0110")).hasSize(11).first().isEqualTo("key0100");
			assertThat(oobtree.items("key0100", false, "key0110", false)).hasSize(9);
			assertThat(oobtree.firstKey()).isEqualTo("key0000");
			assertThat(oobtree.lastKey()).isEqualTo("key0299");
			oobtree.check();

			IOBTree<String> iobtree = (IOBTree<String>) root.get("iobtree");
			assertThat(iobtree.size()).isEqualTo(200);
			assertThat(iobtree.get(150)).isEqualTo("v150");
			assertThat(iobtree.keys(195, null)).containsExactly(195, 196, 197, 198, 199);
			iobtree.check();

			LOBTree<Long> lobtree = (LOBTree<Long>) root.get("lobtree");
			assertThat(lobtree.size()).isEqualTo(50);
			assertThat(lobtree.get((1L << 40) + 49)).isEqualTo(49L);
			assertThat(lobtree.firstKey()).isEqualTo(1L << 40);
		}
	}

	@Test
	@SuppressWarnings("unchecked")
	void refsShouldLoadCyclesSharedObjectsAndWeakReferences() {
		try (DB db = new DB(FileStorage.open(DbVectors.copy("refs", this.dir)));
				Connection connection = db.open()) {
			PersistentMap<String, Object> root = connection.root();
			PersistentMap<String, Object> a = (PersistentMap<String, Object>) root.get("a");
			PersistentMap<String, Object> b = (PersistentMap<String, Object>) a.get("peer");
			assertThat(b.get("name")).isEqualTo("b");
			assertThat(b.get("peer")).isSameAs(a);
			PersistentMap<String, Object> nested = (PersistentMap<String, Object>) root.get("nested");
			List<Object> items = (List<Object>) nested.get("items");
			PickleTuple first = (PickleTuple) items.get(0);
			assertThat(first.get(1)).isInstanceOf(PersistentList.class);
			assertThat((List<Object>) first.get(1)).containsExactly("shared");
			assertThat(((PickleTuple) items.get(1)).get(1)).isSameAs(a);
			PersistentMap<String, Object> p1 = (PersistentMap<String, Object>) root.get("p1");
			assertThat(p1.get("child")).isSameAs(first.get(1));
			PersistentMap<String, Object> weak = (PersistentMap<String, Object>) root.get("weak");
			PersistentReference reference = (PersistentReference) weak.get("ref");
			assertThat(reference.isWeak()).isTrue();
			assertThat(connection.get(reference)).isSameAs(b);
			PersistentMap<String, Object> dropped = (PersistentMap<String, Object>) connection.get(Oid.of(5));
			assertThat(dropped.get("child")).isSameAs(first.get(1));
		}
	}

	@Test
	@SuppressWarnings("unchecked")
	void manyShouldLoadAnOOBTreeOfPersistentMappings() {
		try (DB db = new DB(FileStorage.open(DbVectors.copy("many", this.dir)));
				Connection connection = db.open()) {
			OOBTree<String, PersistentMap<String, Object>> tree = (OOBTree<String, PersistentMap<String, Object>>) connection
				.root()
				.get("tree");
			tree.check();
			int index = 0;
			for (Map.Entry<String, PersistentMap<String, Object>> entry : tree.items()) {
				assertThat(entry.getKey()).isEqualTo(String.format("k%05d", index));
				assertThat(entry.getValue().get("i")).isEqualTo((long) (index % 50));
				assertThat(entry.getValue().get("n")).isEqualTo((long) (index / 50));
				index++;
			}
			assertThat(index).isEqualTo(600);
			assertThat(tree.keys("k00590", null)).hasSize(10);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "empty", "containers", "refs", "many", "undo", "packed" })
	void unchangedObjectsShouldBeWrittenBackAsPythonWroteThem(String name) {
		Map<Oid, byte[]> records = DbVectors.currentRecords(name);
		try (DB db = new DB(FileStorage.open(DbVectors.copy(name, this.dir)));
				Connection connection = db.open()) {
			for (Map.Entry<Oid, byte[]> record : records.entrySet()) {
				Persistent object = connection.get(record.getKey());
				assertThat(connection.encode(object)).as("record of %s (%s)", record.getKey(), object)
					.isEqualTo(record.getValue());
			}
		}
	}

	@Test
	void javaWrittenContainersShouldMatchPythonRecords() throws Exception {
		Map<Oid, byte[]> python = DbVectors.currentRecords("containers");
		Path file = this.dir.resolve("java.fs");
		try (DB db = new DB(FileStorage.open(file))) {
			db.transaction((connection) -> {
				PersistentMap<String, Object> root = connection.root();
				PersistentMap<String, Object> map = new PersistentMap<>();
				map.put("a", 2L);
				map.put("b", "two");
				map.put("c", PickleBytes.of("bytes".getBytes()));
				map.put("d", 3.5);
				map.put("e", null);
				map.put("f", true);
				map.put("g", PickleTuple.of(1L, 2L));
				map.put("h", new ArrayList<>(List.of(1L, "x")));
				root.put("map", map);
				root.put("list", new PersistentList<>(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L)));
				OOBTree<String, Long> oobtree = new OOBTree<>();
				for (long i = 0; i < 300; i++) {
					oobtree.put(String.format("key%04d", i), i);
				}
				root.put("oobtree", oobtree);
				IOBTree<String> iobtree = new IOBTree<>();
				for (int i = 0; i < 200; i++) {
					iobtree.put(i, "v" + i);
				}
				root.put("iobtree", iobtree);
				LOBTree<Long> lobtree = new LOBTree<>();
				for (long i = 0; i < 50; i++) {
					lobtree.put((1L << 40) + i, i);
				}
				root.put("lobtree", lobtree);
				root.put("length", new Length(7));
				return null;
			});
			try (Connection connection = db.open()) {
				PersistentMap<String, Object> root = connection.root();
				assertThat(connection.encode((Persistent) root.get("map"))).isEqualTo(python.get(Oid.of(1)));
				assertThat(connection.encode((Persistent) root.get("list"))).isEqualTo(python.get(Oid.of(2)));
				assertThat(connection.encode((Persistent) root.get("lobtree"))).isEqualTo(python.get(Oid.of(5)));
				assertThat(connection.encode((Persistent) root.get("length"))).isEqualTo(python.get(Oid.of(6)));
				OOBTree<?, ?> oobtree = (OOBTree<?, ?>) root.get("oobtree");
				assertThat(BTreeShapes.bucketSizes(oobtree)).isEqualTo(List.of(15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15,
						15, 15, 15, 15, 15, 15, 15, 30));
				IOBTree<?> iobtree = (IOBTree<?>) root.get("iobtree");
				assertThat(BTreeShapes.bucketSizes(iobtree)).containsExactly(30, 30, 30, 30, 30, 50);
			}
		}
		assertThat(Files.size(file)).isPositive();
		try (DB db = new DB(FileStorage.open(file)); Connection connection = db.open()) {
			PersistentMap<String, Object> root = connection.root();
			assertThat(((Length) root.get("length")).value()).isEqualTo(7);
			@SuppressWarnings("unchecked")
			OOBTree<String, Long> oobtree = (OOBTree<String, Long>) root.get("oobtree");
			assertThat(oobtree.size()).isEqualTo(300);
			assertThat(oobtree.keys("key0290", null)).hasSize(10);
			oobtree.check();
			assertThat(((IOBTree<?>) root.get("iobtree")).get(199)).isEqualTo("v199");
		}
	}

}
