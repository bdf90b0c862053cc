package io.zkzeo.sample;

import java.time.Instant;

/**
 * A note as the REST API shows it.
 *
 * @param id the note's key
 * @param title the title
 * @param text the text
 * @param author who wrote the current revision
 * @param created when the note was created
 * @param updated when the current revision was written
 * @param revision the revision number, 1 for a new note
 */
public record NoteView(String id, String title, String text, String author, Instant created, Instant updated,
		long revision) {

}
