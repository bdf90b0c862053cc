package io.zkzeo.config;

/**
 * A setting that is valid in the ZConfig schema but that zkzeo does not honour (for example a Python
 * dotted name, blob directories or a Unix-domain socket). It is kept, not dropped, so the component
 * that would use it can refuse it with a clear message.
 *
 * @param section the section, as {@code <type name>}
 * @param key the key, or the section type for a whole unsupported section
 * @param value the value as written
 * @param location where it was written
 */
public record ConfigSetting(String section, String key, String value, ConfigLocation location) {

	@Override
	public String toString() {
		return this.key + " " + this.value + " in " + this.section + " at " + this.location;
	}

}
