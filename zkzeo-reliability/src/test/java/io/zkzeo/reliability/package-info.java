/**
 * Fault scenarios for zkzeo: a storage server killed under commit load, failover between servers
 * registered in ZooKeeper, ZooKeeper faults, bad input on the wire, in records and in data files,
 * security (TLS client certificates, ZooKeeper ACLs, unknown classes) and a many-client load. Each
 * scenario has a short smoke test that runs by default and a long run tagged {@code fault}
 * ({@code -Pfaults}); each logs its figures and appends them to {@code target/reliability-figures.txt}.
 */
@NullMarked
package io.zkzeo.reliability;

import org.jspecify.annotations.NullMarked;
