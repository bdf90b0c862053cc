package io.zkzeo.config;

/**
 * One {@code key value} line of a section, after substitution.
 *
 * @param key the key, in lower case (keys are case-insensitive)
 * @param value the value with surrounding white space removed, possibly empty
 * @param location where the line is
 */
public record ConfigEntry(String key, String value, ConfigLocation location) {

}
