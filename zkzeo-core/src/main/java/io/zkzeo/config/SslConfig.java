package io.zkzeo.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * An {@code <ssl>} section of {@code <zeo>} (server side) or of a client storage section.
 *
 * @param certificate the certificate file (PEM)
 * @param key the private key file, or {@code null} when it is in the certificate file
 * @param authenticate on the server: a file or directory of client certificates to accept, or
 * {@code SIGNED}/{@code -} for any signed client certificate; on the client: the server certificates to
 * trust; {@code null} when not given
 * @param passwordFunction the Python dotted name of a key-password function (not supported by zkzeo,
 * recorded)
 * @param checkHostname whether the client checks the server's host name, {@code null} when not given
 * @param serverHostname the host name the client checks, {@code null} when not given
 */
public record SslConfig(Path certificate, @Nullable Path key, @Nullable String authenticate,
		@Nullable String passwordFunction, @Nullable Boolean checkHostname, @Nullable String serverHostname) {

	private static final Set<String> KEYS = Set.of("certificate", "key", "authenticate", "password-function",
			"check-hostname", "server-hostname");

	/**
	 * Create the settings.
	 */
	public SslConfig {
		Objects.requireNonNull(certificate, "'certificate' must not be null");
	}

	static SslConfig read(ConfigSection section, boolean server, List<ConfigSetting> unsupported) {
		SectionReader reader = new SectionReader(section, KEYS, Set.of(), unsupported);
		reader.unsupported("password-function");
		String authenticate = server ? reader.required("authenticate") : reader.string("authenticate");
		return new SslConfig(Path.of(SectionReader.expandUser(reader.required("certificate"))), reader.path("key"),
				authenticate, reader.string("password-function"), reader.bool("check-hostname"),
				reader.string("server-hostname"));
	}

}
