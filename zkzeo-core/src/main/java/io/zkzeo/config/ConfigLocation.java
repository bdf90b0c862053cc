package io.zkzeo.config;

/**
 * Where something was written: a file (or other source) and a line number.
 *
 * @param source the file name or description of the source
 * @param line the line number, starting at 1
 */
public record ConfigLocation(String source, int line) {

	@Override
	public String toString() {
		return this.source + ":" + this.line;
	}

}
