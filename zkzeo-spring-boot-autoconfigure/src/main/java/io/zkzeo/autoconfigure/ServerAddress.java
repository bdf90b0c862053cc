package io.zkzeo.autoconfigure;

import java.net.InetSocketAddress;

/**
 * A listening address written {@code host} or {@code host:port} ({@code [v6]:port} for IPv6 literals).
 *
 * @param host the host name or address
 * @param port the port, 0 for one the system picks
 */
record ServerAddress(String host, int port) {

	private static final String PROPERTY = ZkzeoServerProperties.PREFIX + ".address";

	static ServerAddress parse(String text) {
		String value = text.trim();
		if (value.isEmpty()) {
			throw invalid(text, "it is empty; write 'host' or 'host:port', for example '0.0.0.0:8100'");
		}
		String host;
		String port = null;
		if (value.startsWith("[")) {
			int close = value.indexOf(']');
			if (close < 0) {
				throw invalid(text, "an IPv6 address must be closed with ']', for example '[::1]:8100'");
			}
			host = value.substring(1, close);
			String rest = value.substring(close + 1);
			if (!rest.isEmpty()) {
				if (!rest.startsWith(":")) {
					throw invalid(text, "write '[address]:port'");
				}
				port = rest.substring(1);
			}
		}
		else {
			int colon = value.lastIndexOf(':');
			if (colon >= 0 && value.indexOf(':') != colon) {
				throw invalid(text, "write IPv6 addresses in brackets, for example '[::1]:8100'");
			}
			host = (colon >= 0) ? value.substring(0, colon) : value;
			port = (colon >= 0) ? value.substring(colon + 1) : null;
		}
		if (host.isEmpty()) {
			throw invalid(text, "the host is missing; write for example '127.0.0.1:" + ((port != null) ? port : "0")
					+ "' or '0.0.0.0' for every interface");
		}
		return new ServerAddress(host, (port != null) ? parsePort(text, port) : 0);
	}

	private static int parsePort(String text, String port) {
		try {
			int value = Integer.parseInt(port);
			if (value < 0 || value > 65535) {
				throw invalid(text, "the port must be between 0 and 65535 (0 picks a free one)");
			}
			return value;
		}
		catch (NumberFormatException ex) {
			throw invalid(text, "'" + port + "' is not a port number; write 'host:port', for example '127.0.0.1:8100'");
		}
	}

	private static ZkzeoConfigurationException invalid(String text, String reason) {
		return new ZkzeoConfigurationException(PROPERTY, text, reason);
	}

	InetSocketAddress toSocketAddress() {
		return new InetSocketAddress(this.host, this.port);
	}

}
