/**
 * Spring Boot auto-configuration for zkzeo storages.
 */
@NullMarked
package io.zkzeo.autoconfigure;

import org.jspecify.annotations.NullMarked;
