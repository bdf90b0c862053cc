package io.zkzeo.spring.actuate;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

import io.zkzeo.zookeeper.ZkRegistration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/**
 * Publishes the full URL of the {@code zkzeo} endpoint as the {@code monitor} property of the server's
 * ZooKeeper nodes once the web server that serves it has its port (a port of 0 is resolved then). With a
 * separate management port ({@code management.server.port}) the management server's port is used.
 */
public class MonitorUrlPublisher implements ApplicationListener<WebServerInitializedEvent> {

	private static final Logger logger = LoggerFactory.getLogger(MonitorUrlPublisher.class);

	/**
	 * Name of the node property that carries the URL.
	 */
	public static final String MONITOR = "monitor";

	private static final String MANAGEMENT_NAMESPACE = "management";

	private final ZkRegistration registration;

	private final Environment environment;

	private final String host;

	/**
	 * Creates the publisher.
	 * @param registration the server's registration
	 * @param environment the environment, for the management paths
	 * @param host the host the server listens on; wildcard addresses are replaced by this machine's name
	 */
	public MonitorUrlPublisher(ZkRegistration registration, Environment environment, String host) {
		this.registration = Objects.requireNonNull(registration, "'registration' must not be null");
		this.environment = Objects.requireNonNull(environment, "'environment' must not be null");
		this.host = Objects.requireNonNull(host, "'host' must not be null");
	}

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		String namespace = event.getApplicationContext().getServerNamespace();
		boolean separateManagement = hasSeparateManagementServer();
		boolean management = MANAGEMENT_NAMESPACE.equals(namespace);
		if (separateManagement != management) {
			return;
		}
		String url = url(event.getWebServer().getPort(), separateManagement);
		this.registration.setProperty(MONITOR, url);
		logger.info("Published monitor {} in {}", url, this.registration.nodePaths());
	}

	private boolean hasSeparateManagementServer() {
		String port = this.environment.getProperty("management.server.port");
		return port != null && !port.equals(this.environment.getProperty("server.port", "8080"));
	}

	String url(int port, boolean separateManagement) {
		String contextPath = separateManagement ? this.environment.getProperty("management.server.base-path", "")
				: this.environment.getProperty("server.servlet.context-path", "");
		String basePath = this.environment.getProperty("management.endpoints.web.base-path", "/actuator");
		String path = trimSlash(contextPath) + trimSlash(basePath) + "/zkzeo";
		return "http://" + hostForUrl() + ":" + port + path;
	}

	private String hostForUrl() {
		String name = this.host;
		if ("0.0.0.0".equals(name) || "::".equals(name) || name.isEmpty()) {
			try {
				name = InetAddress.getLocalHost().getHostName();
			}
			catch (UnknownHostException ex) {
				name = "localhost";
			}
		}
		return (name.indexOf(':') >= 0) ? "[" + name + "]" : name;
	}

	private static String trimSlash(String path) {
		String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
		return (trimmed.isEmpty() || trimmed.startsWith("/")) ? trimmed : "/" + trimmed;
	}

}
