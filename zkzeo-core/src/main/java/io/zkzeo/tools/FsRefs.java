package io.zkzeo.tools;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.zkzeo.pickle.Global;
import io.zkzeo.pickle.ObjectRecord;
import io.zkzeo.pickle.PersistentReference;
import io.zkzeo.pickle.PickleException;
import io.zkzeo.pickle.PickleObject;
import io.zkzeo.pickle.RecordCodec;
import io.zkzeo.storage.DataRevision;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.POSKeyError;
import io.zkzeo.storage.StorageError;
import io.zkzeo.storage.TimeStamp;
import io.zkzeo.storage.file.FileStorage;
import io.zkzeo.storage.file.FileStorageFormat;
import io.zkzeo.storage.file.FileStorageOptions;
import io.zkzeo.storage.file.FileWalker;
import io.zkzeo.storage.file.TransactionHeader;

/**
 * Reports objects that refer to objects that do not exist, as ZODB's {@code fsrefs} does: the file is
 * opened read-only, every current object is loaded, and each strong persistent reference in it must name
 * an object that exists, can be loaded, and whose creation was not undone.
 */
final class FsRefs {

	private final PrintStream out;

	private final RecordCodec codec = RecordCodec.generic();

	/**
	 * Creates a checker.
	 * @param out where reports go
	 */
	FsRefs(PrintStream out) {
		this.out = out;
	}

	/**
	 * Checks a file and prints a report for every object with invalid references.
	 * @param path the file
	 * @return how many objects have invalid references or could not be read
	 */
	int check(Path path) {
		List<Oid> oids = oidsInFileOrder(path);
		try (FileStorage storage = FileStorage.open(path, FileStorageOptions.defaults().withReadOnly(true))) {
			Map<Oid, DataRevision> loaded = new LinkedHashMap<>();
			Set<Oid> undone = new HashSet<>();
			Map<Oid, String> noLoad = new HashMap<>();
			for (Oid oid : oids) {
				try {
					loaded.put(oid, storage.load(oid));
				}
				catch (POSKeyError ex) {
					undone.add(oid);
				}
				catch (StorageError ex) {
					noLoad.put(oid, ex.getMessage());
				}
			}
			int problems = 0;
			for (Map.Entry<Oid, DataRevision> entry : loaded.entrySet()) {
				List<String> invalid = new ArrayList<>();
				String type;
				try {
					ObjectRecord record = this.codec.decode(entry.getValue().data());
					type = record.type().dottedName();
					for (PersistentReference reference : strongReferences(record)) {
						String reason = reasonInvalid(reference.oid(), loaded.keySet(), undone, noLoad);
						if (reason != null) {
							invalid.add(String.format("\toid %s %s: '%s'", reference.oid(), reason, describe(reference)));
						}
					}
				}
				catch (PickleException ex) {
					type = "?";
					invalid.add("\tthe record cannot be read: " + ex.getMessage());
				}
				if (!invalid.isEmpty()) {
					problems++;
					report(entry.getKey(), type, entry.getValue(), invalid);
				}
			}
			return problems;
		}
	}

	private void report(Oid oid, String type, DataRevision revision, List<String> invalid) {
		this.out.printf("oid 0x%x %s%n", oid.value(), type);
		this.out.printf("last updated: %s, tid=0x%x%n", TimeStamp.of(revision.serial()), revision.serial().value());
		this.out.println("refers to invalid object" + ((invalid.size() > 1) ? "s" : "") + ":");
		invalid.forEach(this.out::println);
		this.out.println();
	}

	private static @Nullable String reasonInvalid(Oid target, Set<Oid> loaded, Set<Oid> undone,
			Map<Oid, String> noLoad) {
		if (undone.contains(target)) {
			return "object creation was undone";
		}
		if (noLoad.containsKey(target)) {
			return "failed to load";
		}
		return loaded.contains(target) ? null : "missing";
	}

	private static String describe(PersistentReference reference) {
		Global type = reference.type();
		return (type != null) ? type.dottedName() : "None";
	}

	/**
	 * Collects the references ZODB's {@code get_refs} reports: plain oids and {@code (oid, class)}
	 * pairs; weak and cross-database references are not checked.
	 */
	private static List<PersistentReference> strongReferences(ObjectRecord record) {
		List<PersistentReference> found = new ArrayList<>();
		collect(record.classMetadata(), found);
		collect(record.state(), found);
		return found;
	}

	private static void collect(@Nullable Object value, List<PersistentReference> found) {
		if (value instanceof PersistentReference reference) {
			if (reference.form() == PersistentReference.Form.OID || reference.form() == PersistentReference.Form.CLASS) {
				found.add(reference);
			}
		}
		else if (value instanceof Iterable<?> items) {
			items.forEach((item) -> collect(item, found));
		}
		else if (value instanceof Map<?, ?> map) {
			map.forEach((key, item) -> {
				collect(key, found);
				collect(item, found);
			});
		}
		else if (value instanceof PickleObject object) {
			collect(object.args(), found);
			collect(object.state(), found);
			collect(object.listItems(), found);
			collect(object.dictItems(), found);
		}
	}

	/**
	 * Lists the oids that have a record, ordered by the position of their current record, as ZODB's
	 * index iteration does. An incomplete trailing transaction is ignored, as a read-only open ignores it.
	 */
	private static List<Oid> oidsInFileOrder(Path path) {
		Map<Long, Long> currentPosition = new HashMap<>();
		try (FileWalker walker = FileWalker.open(path)) {
			long size = walker.size();
			for (TransactionHeader txn = walker.next(); txn != null; txn = walker.next()) {
				if (txn.nextPosition() > size || txn.status() == FileStorageFormat.STATUS_CHECKPOINT) {
					break;
				}
				walker.records(txn).forEach((record) -> currentPosition.put(record.oid(), record.position()));
			}
		}
		return currentPosition.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByValue())
			.map((entry) -> Oid.of(entry.getKey()))
			.toList();
	}

}
