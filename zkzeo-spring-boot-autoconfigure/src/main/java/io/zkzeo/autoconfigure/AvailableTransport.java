package io.zkzeo.autoconfigure;

import io.zkzeo.protocol.Transport;

/**
 * Checks a configured socket transport before a server or client is built on it, so that asking for epoll where
 * Netty's native library does not load fails on its property.
 */
final class AvailableTransport {

	private AvailableTransport() {
	}

	/**
	 * Returns the transport if it can run here.
	 * @param property the property that chose it
	 * @param transport the transport
	 * @return the transport
	 * @throws ZkzeoConfigurationException if it cannot run here
	 */
	static Transport check(String property, Transport transport) {
		try {
			transport.resolve();
			return transport;
		}
		catch (IllegalStateException ex) {
			throw new ZkzeoConfigurationException(property, transport.toString(), ex.getMessage(), ex);
		}
	}

}
