/**
 * Auto-configuration of zkzeo monitoring: the {@code zkzeo} Actuator endpoint, the health indicator, the
 * Micrometer meters and the publication of the endpoint's URL in ZooKeeper.
 */
@NullMarked
package io.zkzeo.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
