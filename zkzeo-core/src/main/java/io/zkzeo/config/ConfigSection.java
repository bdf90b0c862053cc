package io.zkzeo.config;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A section of a ZConfig file, {@code <type name> ... </type>}, or the top level of the file.
 *
 * @param type the section type in lower case, empty for the top level
 * @param name the section name in lower case, or {@code null} when not given
 * @param location where the section starts
 * @param entries the key-value lines, in file order
 * @param sections the nested sections, in file order
 */
public record ConfigSection(String type, @Nullable String name, ConfigLocation location, List<ConfigEntry> entries,
		List<ConfigSection> sections) {

	/**
	 * Create a section; the lists are copied.
	 */
	public ConfigSection {
		entries = List.copyOf(entries);
		sections = List.copyOf(sections);
	}

	/**
	 * Return the section as written in its header, for messages: {@code <type name>}.
	 * @return the header text
	 */
	public String header() {
		if (this.type.isEmpty()) {
			return "the top level";
		}
		return "<" + this.type + ((this.name != null) ? " " + this.name : "") + ">";
	}

	/**
	 * Return the nested sections of a type.
	 * @param sectionType the type, in lower case
	 * @return the matching sections, in file order
	 */
	public List<ConfigSection> sections(String sectionType) {
		return this.sections.stream().filter((section) -> section.type().equals(sectionType)).toList();
	}

}
