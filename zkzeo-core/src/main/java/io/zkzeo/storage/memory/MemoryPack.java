package io.zkzeo.storage.memory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import io.zkzeo.storage.Oid;
import io.zkzeo.storage.ReferenceFinder;
import io.zkzeo.storage.Tid;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes the content of a memory storage after a pack, as FileStorage's pack with garbage collection
 * does: of the transactions at or before the pack time it keeps only the revision of each object reachable
 * from the root at that time (plus revisions that later undo records copy), marks those transactions
 * {@code 'p'} and drops the ones left empty; every later transaction is kept whole. Kept revisions before
 * the pack time have no history before them.
 */
final class MemoryPack {

	private static final Logger logger = LoggerFactory.getLogger(MemoryPack.class);

	private final Tid packTid;

	private final ReferenceFinder references;

	private final String storageName;

	MemoryPack(Tid packTid, ReferenceFinder references, String storageName) {
		this.packTid = packTid;
		this.references = references;
		this.storageName = storageName;
	}

	/**
	 * Computes the packed content, changing nothing.
	 * @param transactions the committed transactions, in tid order
	 * @param current the current revision of every object
	 * @return the packed transactions and revisions, or {@code null} if pack would free nothing
	 */
	@Nullable Result pack(List<CommittedTransaction> transactions, LongObjectMap<Revision> current) {
		LongObjectMap<Revision> atPackTime = revisionsAtPackTime(current);
		Set<Revision> kept = Collections.newSetFromMap(new IdentityHashMap<>());
		LongObjectMap<Revision> reachable = new LongObjectMap<>();
		traverse(Oid.ROOT, atPackTime, reachable, kept);
		keepRevisionsCopiedLater(transactions, current, atPackTime, reachable, kept);
		if (!freesAnything(transactions, kept)) {
			logger.info("Pack of {} to {} frees nothing", this.storageName, this.packTid);
			return null;
		}
		return rebuild(transactions, kept);
	}

	private LongObjectMap<Revision> revisionsAtPackTime(LongObjectMap<Revision> current) {
		LongObjectMap<Revision> atPackTime = new LongObjectMap<>();
		for (Revision revision : current.values()) {
			Revision candidate = revision;
			while (candidate != null && candidate.tid().compareTo(this.packTid) > 0) {
				candidate = candidate.previous();
			}
			if (candidate != null && candidate.exists()) {
				atPackTime.put(candidate.oid().value(), candidate);
			}
		}
		return atPackTime;
	}

	private void traverse(Oid start, LongObjectMap<Revision> atPackTime, LongObjectMap<Revision> reachable,
			Set<Revision> kept) {
		Revision root = atPackTime.get(start.value());
		if (root == null) {
			return;
		}
		Deque<Revision> toVisit = new ArrayDeque<>();
		reachable.put(start.value(), root);
		toVisit.push(root);
		visit(toVisit, atPackTime, reachable, kept);
	}

	private void visit(Deque<Revision> toVisit, LongObjectMap<Revision> atPackTime, LongObjectMap<Revision> reachable,
			Set<Revision> kept) {
		while (!toVisit.isEmpty()) {
			Revision revision = toVisit.pop();
			kept.add(revision);
			byte[] data = revision.data();
			if (data == null) {
				continue;
			}
			this.references.findReferences(data, (oid) -> {
				if (reachable.get(oid) == null) {
					Revision target = atPackTime.get(oid);
					if (target == null) {
						logger.warn("Pack of {}: {} refers to {}, which does not exist at the pack time",
								this.storageName, revision.oid(), Oid.of(oid));
						return;
					}
					reachable.put(oid, target);
					toVisit.push(target);
				}
			});
		}
	}

	private void keepRevisionsCopiedLater(List<CommittedTransaction> transactions, LongObjectMap<Revision> current,
			LongObjectMap<Revision> atPackTime, LongObjectMap<Revision> reachable, Set<Revision> kept) {
		Deque<Revision> toVisit = new ArrayDeque<>();
		for (CommittedTransaction transaction : transactions) {
			if (transaction.tid().compareTo(this.packTid) <= 0) {
				continue;
			}
			for (Revision revision : transaction.revisions()) {
				Tid dataTxn = revision.dataTxn();
				if (dataTxn == null || dataTxn.compareTo(this.packTid) > 0) {
					continue;
				}
				Revision copied = current.get(revision.oid().value()).find(dataTxn);
				if (copied != null && !kept.contains(copied)) {
					if (reachable.get(copied.oid().value()) == null) {
						reachable.put(copied.oid().value(), copied);
					}
					toVisit.push(copied);
				}
			}
		}
		visit(toVisit, atPackTime, reachable, kept);
	}

	private boolean freesAnything(List<CommittedTransaction> transactions, Set<Revision> kept) {
		for (CommittedTransaction transaction : transactions) {
			if (transaction.tid().compareTo(this.packTid) > 0) {
				break;
			}
			for (Revision revision : transaction.revisions()) {
				if (!kept.contains(revision) || revision.dataTxn() != null) {
					return true;
				}
			}
		}
		return false;
	}

	private Result rebuild(List<CommittedTransaction> transactions, Set<Revision> kept) {
		List<CommittedTransaction> packed = new ArrayList<>();
		LongObjectMap<Revision> current = new LongObjectMap<>();
		int dropped = 0;
		for (CommittedTransaction transaction : transactions) {
			boolean beforePackTime = transaction.tid().compareTo(this.packTid) <= 0;
			List<Revision> revisions = new ArrayList<>();
			for (Revision revision : transaction.revisions()) {
				Revision rebuilt;
				if (beforePackTime) {
					if (!kept.contains(revision)) {
						dropped++;
						continue;
					}
					rebuilt = new Revision(revision.oid(), revision.tid(), revision.data(), null, null);
				}
				else {
					rebuilt = new Revision(revision.oid(), revision.tid(), revision.data(), revision.dataTxn(),
							current.get(revision.oid().value()));
				}
				revisions.add(rebuilt);
				current.put(rebuilt.oid().value(), rebuilt);
			}
			if (!revisions.isEmpty() || !beforePackTime) {
				packed.add(new CommittedTransaction(transaction.tid(), beforePackTime ? 'p' : transaction.status(),
						transaction.user(), transaction.description(), transaction.extension(),
						Collections.unmodifiableList(revisions)));
			}
		}
		logger.info("Packed {} to {}: {} revisions removed, {} transactions left", this.storageName, this.packTid,
				dropped, packed.size());
		return new Result(packed, current);
	}

	/**
	 * The content after a pack.
	 *
	 * @param transactions the transactions, in tid order
	 * @param current the current revision of every object still present
	 */
	record Result(List<CommittedTransaction> transactions, LongObjectMap<Revision> current) {
	}

}
