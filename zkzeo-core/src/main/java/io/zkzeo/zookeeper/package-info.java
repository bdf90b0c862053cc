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
 * <p>The registration and discovery recipes know nothing of the server or the client: they take a
 * bound {@link java.net.InetSocketAddress} and hand out lists of them. Two compositions put them to
 * work: {@link io.zkzeo.zookeeper.ZkZeoServer} (a storage server registered once bound, unregistered
 * before it stops accepting) and {@link io.zkzeo.zookeeper.ZkClientStorage} (a client storage whose
 * addresses follow the registration path).
 */
@NullMarked
package io.zkzeo.zookeeper;

import org.jspecify.annotations.NullMarked;
