/**
 * ZooKeeper registration and discovery of storage servers, in the layout of the Python package
 * {@code zc.zkzeo}.
 *
 * <p>A server registers one EPHEMERAL child {@code PATH/host:port} per address it can be reached at,
 * whose data is a compact JSON object {@code {"pid":N,"monitor":"host:port",...}} (the {@code zc.zk}
 * node-data format, see {@link io.zkzeo.zookeeper.ZkNodeData}). {@link io.zkzeo.zookeeper.ZkRegistration}
 * keeps those nodes present through connection and session loss; {@link io.zkzeo.zookeeper.ZkAddressWatcher}
 * follows the children of a path and hands the current address list to a client;
 * {@link io.zkzeo.zookeeper.ZkServerList} reads them once. Connections are made from
 * {@link io.zkzeo.zookeeper.ZooKeeperOptions} by {@link io.zkzeo.zookeeper.ZooKeeperClientFactory}.
 *
 * <p>This package knows nothing of the server or the client: it takes a bound
 * {@link java.net.InetSocketAddress} and hands out lists of them.
 */
@NullMarked
package io.zkzeo.zookeeper;

import org.jspecify.annotations.NullMarked;
