package io.zkzeo.db;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A connection's object cache: every object of the connection by oid (weakly, so unreferenced ghosts
 * go away), and the loaded objects in least-recently-used order (strongly, up to the target size). When
 * more objects than the target are loaded, the least recently used unchanged ones become ghosts. Not
 * thread-safe: it belongs to one connection.
 */
final class ObjectCache {

	private final OidTable<Entry> entries = new OidTable<>();

	private final ReferenceQueue<Persistent> collected = new ReferenceQueue<>();

	private final int targetSize;

	private @Nullable Persistent newest;

	private @Nullable Persistent oldest;

	private int loadedCount;

	ObjectCache(int targetSize) {
		this.targetSize = targetSize;
	}

	@Nullable Persistent get(long oid) {
		Entry entry = this.entries.get(oid);
		return (entry != null) ? entry.get() : null;
	}

	void put(long oid, Persistent object) {
		expungeCollected();
		this.entries.put(oid, new Entry(object, oid, this.collected));
	}

	void remove(long oid, Persistent object) {
		Entry entry = this.entries.get(oid);
		if (entry != null && entry.get() == object) {
			this.entries.remove(oid, entry);
		}
		unlink(object);
	}

	/** Moves a loaded object to the most recently used end. */
	void touch(Persistent object) {
		if (object == this.newest) {
			return;
		}
		if (object.inLru) {
			unlink(object);
		}
		object.lruOlder = this.newest;
		object.lruNewer = null;
		if (this.newest != null) {
			this.newest.lruNewer = object;
		}
		this.newest = object;
		if (this.oldest == null) {
			this.oldest = object;
		}
		object.inLru = true;
		this.loadedCount++;
	}

	private void unlink(Persistent object) {
		if (!object.inLru) {
			return;
		}
		Persistent older = object.lruOlder;
		Persistent newer = object.lruNewer;
		if (older != null) {
			older.lruNewer = newer;
		}
		else {
			this.oldest = newer;
		}
		if (newer != null) {
			newer.lruOlder = older;
		}
		else {
			this.newest = older;
		}
		object.lruOlder = null;
		object.lruNewer = null;
		object.inLru = false;
		this.loadedCount--;
	}

	/** Turns an object into a ghost and takes it out of the recently used list. */
	void ghostify(Persistent object) {
		unlink(object);
		object.persistentState = Persistent.GHOST;
		object.dropState();
	}

	/** Ghosts unchanged objects, least recently used first, until at most the target size are loaded. */
	void shrink() {
		shrinkTo(this.targetSize);
	}

	void shrinkTo(int size) {
		Persistent cursor = this.oldest;
		while (this.loadedCount > size && cursor != null) {
			Persistent next = cursor.lruNewer;
			if (cursor.persistentState == Persistent.SAVED) {
				ghostify(cursor);
			}
			cursor = next;
		}
		expungeCollected();
	}

	/** Shrinks when the loaded objects exceed twice the target, for long transactions. */
	void shrinkIfFar() {
		if (this.loadedCount > 2 * this.targetSize) {
			shrink();
		}
	}

	List<Persistent> loadedObjects() {
		List<Persistent> objects = new ArrayList<>(this.loadedCount);
		for (Persistent p = this.newest; p != null; p = p.lruOlder) {
			objects.add(p);
		}
		return objects;
	}

	int loadedCount() {
		return this.loadedCount;
	}

	int size() {
		expungeCollected();
		return this.entries.size();
	}

	private void expungeCollected() {
		Reference<? extends Persistent> reference;
		while ((reference = this.collected.poll()) != null) {
			Entry entry = (Entry) reference;
			this.entries.remove(entry.oid, entry);
		}
	}

	private static final class Entry extends WeakReference<Persistent> {

		private final long oid;

		Entry(Persistent referent, long oid, ReferenceQueue<Persistent> queue) {
			super(referent, queue);
			this.oid = oid;
		}

	}

}
