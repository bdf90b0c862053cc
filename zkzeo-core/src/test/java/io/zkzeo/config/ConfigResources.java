package io.zkzeo.config;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

final class ConfigResources {

	private ConfigResources() {
	}

	static Path path(String name) {
		URL url = ConfigResources.class.getResource("/config/" + name);
		if (url == null) {
			throw new IllegalStateException("No test resource config/" + name);
		}
		try {
			return Path.of(url.toURI());
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
