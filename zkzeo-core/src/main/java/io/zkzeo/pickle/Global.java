package io.zkzeo.pickle;

import java.util.Objects;

/**
 * A class or function named in a pickle ({@code GLOBAL module\nname\n}). It is only a name: decoding
 * never loads what it names.
 *
 * @param module the Python module, e.g. {@code persistent.mapping}
 * @param name the name in the module, e.g. {@code PersistentMapping}
 */
public record Global(String module, String name) {

	/**
	 * Creates a global, checking that neither part is empty or contains a newline.
	 * @param module the Python module
	 * @param name the name in the module
	 */
	public Global {
		Objects.requireNonNull(module, "'module' must not be null");
		Objects.requireNonNull(name, "'name' must not be null");
		if (module.indexOf('\n') >= 0 || name.indexOf('\n') >= 0) {
			throw new IllegalArgumentException("A global name must not contain a newline");
		}
	}

	/**
	 * Parses a dotted name such as {@code persistent.mapping.PersistentMapping}; the part after the last
	 * dot is the name.
	 * @param dottedName the module and name joined by a dot
	 * @return the global
	 */
	public static Global of(String dottedName) {
		int dot = dottedName.lastIndexOf('.');
		if (dot <= 0 || dot == dottedName.length() - 1) {
			throw new IllegalArgumentException("'" + dottedName + "' is not of the form module.name");
		}
		return new Global(dottedName.substring(0, dot), dottedName.substring(dot + 1));
	}

	/**
	 * Returns {@code module.name}, the form ZODB's tools print.
	 * @return the dotted name
	 */
	public String dottedName() {
		return this.module + "." + this.name;
	}

	@Override
	public String toString() {
		return dottedName();
	}

}
