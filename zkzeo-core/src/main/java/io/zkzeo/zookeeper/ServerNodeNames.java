package io.zkzeo.zookeeper;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Names of server nodes: {@code host:port}, as {@code zc.zk} registers them.
 */
final class ServerNodeNames {

	private ServerNodeNames() {
	}

	/**
	 * Return the node names to register for a bound server address. A wildcard or empty host stands
	 * for every non-loopback IPv4 address of this machine (its host name when it has none).
	 * @param bound the address the server is bound to, with its real port
	 * @return the node names, at least one
	 */
	static List<String> forBoundAddress(InetSocketAddress bound) {
		if (bound.getPort() <= 0) {
			throw new IllegalArgumentException("Server address " + bound + " has no port; register the bound address");
		}
		if (!isWildcard(bound)) {
			return List.of(bound.getHostString() + ":" + bound.getPort());
		}
		List<String> names = new ArrayList<>();
		for (String host : nonLoopbackIpv4Addresses()) {
			names.add(host + ":" + bound.getPort());
		}
		if (names.isEmpty()) {
			names.add(localHostName() + ":" + bound.getPort());
		}
		return Collections.unmodifiableList(names);
	}

	/**
	 * Parse a node name into an unresolved address.
	 * @param name the node name
	 * @return the address, or empty if the name is not {@code host:port}
	 */
	static Optional<InetSocketAddress> parse(String name) {
		int colon = name.lastIndexOf(':');
		if (colon <= 0 || colon == name.length() - 1) {
			return Optional.empty();
		}
		String host = name.substring(0, colon);
		String portText = name.substring(colon + 1);
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		if (host.isBlank() || portText.length() > 5 || !portText.chars().allMatch(Character::isDigit)) {
			return Optional.empty();
		}
		int port = Integer.parseInt(portText);
		if (port < 1 || port > 65535 || host.chars().anyMatch(Character::isWhitespace)) {
			return Optional.empty();
		}
		return Optional.of(InetSocketAddress.createUnresolved(host, port));
	}

	private static boolean isWildcard(InetSocketAddress address) {
		String host = address.getHostString();
		if (host == null || host.isEmpty() || host.equals("0.0.0.0")) {
			return true;
		}
		InetAddress resolved = address.getAddress();
		return resolved != null && resolved.isAnyLocalAddress();
	}

	private static List<String> nonLoopbackIpv4Addresses() {
		TreeSet<String> hosts = new TreeSet<>();
		try {
			for (NetworkInterface networkInterface : Collections.list(NetworkInterface.getNetworkInterfaces())) {
				if (!networkInterface.isUp()) {
					continue;
				}
				for (InetAddress address : Collections.list(networkInterface.getInetAddresses())) {
					if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
						hosts.add(address.getHostAddress());
					}
				}
			}
		}
		catch (SocketException ex) {
			return List.of();
		}
		return List.copyOf(hosts);
	}

	private static String localHostName() {
		try {
			return InetAddress.getLocalHost().getCanonicalHostName();
		}
		catch (UnknownHostException ex) {
			return "localhost";
		}
	}

}
