package io.zkzeo.spring.actuate;

import java.util.Objects;
import java.util.function.Supplier;

import io.zkzeo.client.ClientStorage;
import io.zkzeo.db.DB;
import io.zkzeo.server.StorageServer;
import io.zkzeo.zookeeper.ZkRegistration;
import org.apache.curator.framework.CuratorFramework;
import org.jspecify.annotations.Nullable;

/**
 * The zkzeo parts an application runs, any of which may be absent: what monitoring looks at. The database
 * is looked up on each call, since it may be opened after startup.
 */
public final class ZkzeoComponents {

	private final @Nullable StorageServer server;

	private final @Nullable ZkRegistration registration;

	private final @Nullable CuratorFramework curator;

	private final @Nullable ClientStorage client;

	private final Supplier<@Nullable DB> db;

	/**
	 * Creates the components.
	 * @param server the storage server, or {@code null}
	 * @param registration the server's ZooKeeper registration, or {@code null}
	 * @param curator the ZooKeeper client, or {@code null}
	 * @param client the client storage, or {@code null}
	 * @param db supplies the database once it is open, {@code null} before or without one; must not block
	 */
	public ZkzeoComponents(@Nullable StorageServer server, @Nullable ZkRegistration registration,
			@Nullable CuratorFramework curator, @Nullable ClientStorage client, Supplier<@Nullable DB> db) {
		this.server = server;
		this.registration = registration;
		this.curator = curator;
		this.client = client;
		this.db = Objects.requireNonNull(db, "'db' must not be null");
	}

	/**
	 * Returns the storage server.
	 * @return the server, or {@code null} when none runs here
	 */
	public @Nullable StorageServer server() {
		return this.server;
	}

	/**
	 * Returns the server's ZooKeeper registration.
	 * @return the registration, or {@code null} when the server is not registered
	 */
	public @Nullable ZkRegistration registration() {
		return this.registration;
	}

	/**
	 * Returns the ZooKeeper client.
	 * @return the client, or {@code null} when ZooKeeper is not used
	 */
	public @Nullable CuratorFramework curator() {
		return this.curator;
	}

	/**
	 * Returns the client storage.
	 * @return the client storage, or {@code null} when none runs here
	 */
	public @Nullable ClientStorage client() {
		return this.client;
	}

	/**
	 * Returns the database, if it is open.
	 * @return the database, or {@code null}
	 */
	public @Nullable DB db() {
		return this.db.get();
	}

}
