package io.zkzeo.zookeeper;

/**
 * Access control applied to the nodes zkzeo creates in ZooKeeper.
 *
 * <p>ZooKeeper checks the right to delete a node on its parent, so a node protected by
 * {@link #CREATOR_ALL_WORLD_READ} cannot be overwritten by others, and cannot be deleted by them when
 * its parent path carries the same protection (as it does when zkzeo creates the path).
 */
public enum ZooKeeperAcl {

	/**
	 * Everyone may do everything ({@code world:anyone} with all permissions), ZooKeeper's
	 * {@code OPEN_ACL_UNSAFE}.
	 */
	OPEN,

	/**
	 * The authenticated creator may do everything, everyone else may only read. Requires digest
	 * authentication.
	 */
	CREATOR_ALL_WORLD_READ

}
