/**
 * The sample application over the zkzeo starter.
 */
@NullMarked
package io.zkzeo.sample;

import org.jspecify.annotations.NullMarked;
