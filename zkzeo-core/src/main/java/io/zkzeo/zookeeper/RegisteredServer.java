package io.zkzeo.zookeeper;

import java.net.InetSocketAddress;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One child of a registration path, as read by {@link ZkServerList}.
 *
 * @param name the node name, normally {@code host:port}
 * @param address the address parsed from the name (unresolved), or {@code null} if the name is not
 * {@code host:port}
 * @param properties the node data in the {@code zc.zk} format, for example {@code pid} and
 * {@code monitor}
 * @param ephemeral whether the node is ephemeral (a live registration)
 */
public record RegisteredServer(String name, @Nullable InetSocketAddress address,
		Map<String, @Nullable Object> properties, boolean ephemeral) {

}
