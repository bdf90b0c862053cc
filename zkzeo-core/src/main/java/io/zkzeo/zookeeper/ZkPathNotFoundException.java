package io.zkzeo.zookeeper;

/**
 * The ZooKeeper path under which servers register does not exist (and was not to be created).
 */
public class ZkPathNotFoundException extends ZkException {

	private static final long serialVersionUID = 1L;

	private final String connectString;

	private final String path;

	/**
	 * Create an exception for a missing path.
	 * @param connectString the ZooKeeper connect string
	 * @param path the missing path
	 */
	public ZkPathNotFoundException(String connectString, String path) {
		super("ZooKeeper path " + path + " does not exist at " + connectString
				+ " (create it, or enable create-path)", null);
		this.connectString = connectString;
		this.path = path;
	}

	/**
	 * Return the ZooKeeper connect string.
	 * @return the connect string
	 */
	public String getConnectString() {
		return this.connectString;
	}

	/**
	 * Return the missing path.
	 * @return the path
	 */
	public String getPath() {
		return this.path;
	}

}
