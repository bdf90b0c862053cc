package io.zkzeo.config;

import java.net.InetSocketAddress;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * A ZConfig {@code socket-binding-address}: {@code host:port}, {@code [ipv6]:port}, a bare port, a bare
 * host, or a Unix-domain socket path (any value containing {@code /}).
 *
 * @param host the host in lower case, empty for all interfaces
 * @param port the port, or {@code null} when not given (the operating system assigns one)
 * @param socketPath the Unix-domain socket path, or {@code null} for a TCP address
 */
public record ZeoAddress(String host, @Nullable Integer port, @Nullable String socketPath) {

	/**
	 * Parse a value the way ZConfig's {@code socket-binding-address} does.
	 * @param text the value
	 * @return the address
	 * @throws IllegalArgumentException if the value is not an address
	 */
	public static ZeoAddress parse(String text) {
		String value = text.strip();
		if (value.isEmpty()) {
			throw new IllegalArgumentException("Empty address");
		}
		if (value.contains("/")) {
			return new ZeoAddress("", null, value);
		}
		String host = "";
		Integer port = null;
		int colon = value.lastIndexOf(':');
		if (colon >= 0) {
			host = value.substring(0, colon);
			String portText = value.substring(colon + 1);
			if (host.startsWith("[") && host.endsWith("]")) {
				host = host.substring(1, host.length() - 1);
			}
			else if (host.contains(":")) {
				host = value;
				portText = "";
			}
			if (!portText.isEmpty()) {
				port = parsePort(portText);
			}
		}
		else if (value.chars().allMatch(Character::isDigit)) {
			port = parsePort(value);
		}
		else {
			if (value.chars().anyMatch(Character::isWhitespace)) {
				throw new IllegalArgumentException("Not a valid host name: " + value);
			}
			host = value;
		}
		return new ZeoAddress(host.toLowerCase(Locale.ROOT), port, null);
	}

	/**
	 * Return whether this is a Unix-domain socket path.
	 * @return whether there is a socket path
	 */
	public boolean isSocketPath() {
		return this.socketPath != null;
	}

	/**
	 * Return the TCP address to bind: the wildcard address when the host is empty, port 0 when no port
	 * is given. The host is resolved.
	 * @return the address to bind
	 * @throws IllegalStateException for a Unix-domain socket path
	 */
	public InetSocketAddress toBindAddress() {
		if (this.socketPath != null) {
			throw new IllegalStateException("Unix-domain socket " + this.socketPath + " is not a TCP address");
		}
		int resolvedPort = (this.port != null) ? this.port : 0;
		return this.host.isEmpty() ? new InetSocketAddress(resolvedPort) : new InetSocketAddress(this.host, resolvedPort);
	}

	@Override
	public String toString() {
		if (this.socketPath != null) {
			return this.socketPath;
		}
		String shownHost = this.host.contains(":") ? "[" + this.host + "]" : this.host;
		return (this.port != null) ? shownHost + ":" + this.port : shownHost;
	}

	private static int parsePort(String text) {
		int port = Integer.parseInt(text.strip());
		if (port < 0 || port > 0xffff) {
			throw new IllegalArgumentException("Port out of range: " + port);
		}
		return port;
	}

}
