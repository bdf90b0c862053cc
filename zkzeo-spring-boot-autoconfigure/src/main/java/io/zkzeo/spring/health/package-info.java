/**
 * The zkzeo health indicator: the server answers {@code ruok}, ZooKeeper is connected, the client is
 * connected.
 */
@NullMarked
package io.zkzeo.spring.health;

import org.jspecify.annotations.NullMarked;
