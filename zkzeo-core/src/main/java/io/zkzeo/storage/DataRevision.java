package io.zkzeo.storage;

import org.jspecify.annotations.Nullable;

/**
 * One revision of an object: its record and the span of transactions in which it was current.
 *
 * @param data the object record (two pickles)
 * @param start the tid that wrote this revision (its serial)
 * @param end the tid of the next revision, or {@code null} if this one is current
 */
public record DataRevision(byte[] data, Tid start, @Nullable Tid end) {

	/** @return the serial of this revision, the same as {@link #start()} */
	public Tid serial() {
		return this.start;
	}

}
