/**
 * Monitoring of zkzeo in Spring Boot Actuator: the {@code zkzeo} endpoint, Micrometer meters, and the
 * publication of the endpoint's address in the server's ZooKeeper node.
 */
@NullMarked
package io.zkzeo.spring.actuate;

import org.jspecify.annotations.NullMarked;
