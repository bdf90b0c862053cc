package io.zkzeo.sample;

import org.jspecify.annotations.Nullable;

/**
 * The body of a request that writes a note.
 *
 * @param title the title, required
 * @param text the text
 * @param author who writes, {@code anonymous} when absent
 */
public record NoteRequest(@Nullable String title, @Nullable String text, @Nullable String author) {

	String requiredTitle() {
		if (this.title == null || this.title.isBlank()) {
			throw new IllegalArgumentException("A note needs a title");
		}
		return this.title;
	}

	String textOrEmpty() {
		return (this.text != null) ? this.text : "";
	}

	String authorOrAnonymous() {
		return (this.author != null && !this.author.isBlank()) ? this.author : "anonymous";
	}

}
