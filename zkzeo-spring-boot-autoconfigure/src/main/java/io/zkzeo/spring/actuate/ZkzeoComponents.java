package io.zkzeo.spring.actuate;

import io.zkzeo.client.ClientStorage;
import io.zkzeo.db.DB;
import io.zkzeo.server.StorageServer;
import io.zkzeo.zookeeper.ZkRegistration;
import org.apache.curator.framework.CuratorFramework;
import org.jspecify.annotations.Nullable;

/**
 * The zkzeo parts an application runs, any of which may be absent: what monitoring looks at.
 *
 * @param server the storage server, or {@code null}
 * @param registration the server's ZooKeeper registration, or {@code null}
 * @param curator the ZooKeeper client, or {@code null}
 * @param client the client storage, or {@code null}
 * @param db the database over the client storage, or {@code null}
 */
public record ZkzeoComponents(@Nullable StorageServer server, @Nullable ZkRegistration registration,
		@Nullable CuratorFramework curator, @Nullable ClientStorage client, @Nullable DB db) {

}
