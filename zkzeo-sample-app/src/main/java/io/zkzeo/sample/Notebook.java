package io.zkzeo.sample;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.zkzeo.db.btree.OOBTree;
import io.zkzeo.spring.transaction.CurrentConnection;
import org.jspecify.annotations.Nullable;

import org.springframework.transaction.annotation.Transactional;

/**
 * The shared notebook: notes in an {@code OOBTree} under the database root's {@code notes} key. Every method runs in a transaction of its own; concurrent
 * writers from any process are serialised by the storage server, and a conflicting one fails with Spring's
 * {@link org.springframework.dao.ConcurrencyFailureException}.
 */
public class Notebook {

	static final String NOTES = "notes";

	private final CurrentConnection connection;

	private final Clock clock;

	/**
	 * Creates the notebook.
	 * @param connection the database connection of the current transaction
	 * @param clock the clock that stamps notes
	 */
	public Notebook(CurrentConnection connection, Clock clock) {
		this.connection = connection;
		this.clock = clock;
	}

	/**
	 * Lists the notes in key order.
	 * @return the notes
	 */
	@Transactional(readOnly = true)
	public List<NoteView> list() {
		OOBTree<String, Note> notes = existingNotes();
		List<NoteView> views = new ArrayList<>();
		if (notes != null) {
			for (Map.Entry<String, Note> entry : notes.items()) {
				views.add(entry.getValue().view());
			}
		}
		return views;
	}

	/**
	 * Returns one note.
	 * @param id the note's key
	 * @return the note
	 * @throws NoteNotFoundException if there is none
	 */
	@Transactional(readOnly = true)
	public NoteView get(String id) {
		return find(existingNotes(), id).view();
	}

	/**
	 * Adds a note.
	 * @param request the note
	 * @return the stored note
	 */
	@Transactional
	public NoteView add(NoteRequest request) {
		String title = request.requiredTitle();
		String id = newId();
		Note note = new Note(id, title, request.textOrEmpty(), request.authorOrAnonymous(), this.clock.instant());
		notes().put(id, note);
		return note.view();
	}

	/**
	 * Changes a note.
	 * @param id the note's key
	 * @param request the new title and text
	 * @return the changed note
	 * @throws NoteNotFoundException if there is none
	 */
	@Transactional
	public NoteView edit(String id, NoteRequest request) {
		Note note = find(existingNotes(), id);
		note.edit(request.requiredTitle(), request.textOrEmpty(), request.authorOrAnonymous(), this.clock.instant());
		return note.view();
	}

	/**
	 * Removes a note.
	 * @param id the note's key
	 * @throws NoteNotFoundException if there is none
	 */
	@Transactional
	public void remove(String id) {
		OOBTree<String, Note> notes = existingNotes();
		if (notes == null || notes.remove(id) == null) {
			throw new NoteNotFoundException(id);
		}
	}

	/**
	 * Returns a new key: the time in base 36 (so keys sort by creation) and a random suffix, so that writers in
	 * different processes never pick the same key.
	 */
	private String newId() {
		String time = Long.toString(this.clock.millis(), 36);
		String suffix = Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36 * 36), 36);
		return time + "-" + "0000".substring(suffix.length()) + suffix;
	}

	@SuppressWarnings("unchecked")
	private OOBTree<String, Note> notes() {
		return this.connection.rootObject(NOTES, OOBTree.class, (key) -> new OOBTree<String, Note>());
	}

	@SuppressWarnings("unchecked")
	private @Nullable OOBTree<String, Note> existingNotes() {
		return (OOBTree<String, Note>) this.connection.root().get(NOTES);
	}

	private static Note find(@Nullable OOBTree<String, Note> notes, String id) {
		Note note = (notes != null) ? notes.get(id) : null;
		if (note == null) {
			throw new NoteNotFoundException(id);
		}
		return note;
	}

}
