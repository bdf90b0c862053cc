package io.zkzeo.sample;

import java.time.Instant;

import io.zkzeo.db.Persistent;
import io.zkzeo.db.PersistentClass;

/**
 * A note of the shared notebook, stored in the database as the Python class {@code zkzeo_sample.Note} (a dict
 * of its fields, readable from Python ZODB).
 */
@PersistentClass("zkzeo_sample.Note")
public class Note extends Persistent {

	private String id = "";

	private String title = "";

	private String text = "";

	private String author = "";

	private long created;

	private long updated;

	private long revision;

	private Note() {
	}

	/**
	 * Creates a note.
	 * @param id the note's key in the notebook
	 * @param title the title
	 * @param text the text
	 * @param author who wrote it
	 * @param now the time of writing
	 */
	public Note(String id, String title, String text, String author, Instant now) {
		this.id = id;
		this.title = title;
		this.text = text;
		this.author = author;
		this.created = now.toEpochMilli();
		this.updated = this.created;
		this.revision = 1;
	}

	/**
	 * Changes the title and text.
	 * @param title the new title
	 * @param text the new text
	 * @param author who changed it
	 * @param now the time of the change
	 */
	public void edit(String title, String text, String author, Instant now) {
		writeAccess();
		this.title = title;
		this.text = text;
		this.author = author;
		this.updated = now.toEpochMilli();
		this.revision++;
	}

	/**
	 * Returns a copy of the note's state for callers outside the transaction.
	 * @return the view
	 */
	public NoteView view() {
		readAccess();
		return new NoteView(this.id, this.title, this.text, this.author, Instant.ofEpochMilli(this.created),
				Instant.ofEpochMilli(this.updated), this.revision);
	}

}
