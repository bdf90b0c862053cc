package io.zkzeo.client;

import java.util.Objects;

import io.netty.handler.ssl.SslContext;
import org.jspecify.annotations.Nullable;

/**
 * TLS settings of a client storage, the counterpart of the {@code <ssl>} section of ZEO's
 * {@code <clientstorage>}.
 *
 * @param context a client-side Netty SSL context (trust material, optional client certificate)
 * @param serverHostname the host name to expect in the server certificate and to send as SNI, or {@code null} for
 * the host of each address
 * @param checkHostname whether the server certificate must match the host name; turning it off leaves the decision
 * to the context, which checks too unless built with {@code endpointIdentificationAlgorithm(null)} (Netty 4.2
 * contexts check by default)
 */
public record ClientTlsOptions(SslContext context, @Nullable String serverHostname, boolean checkHostname) {

	/**
	 * Creates TLS settings.
	 * @param context a client-side SSL context
	 * @param serverHostname the host name to expect, or {@code null}
	 * @param checkHostname whether to check the host name
	 */
	public ClientTlsOptions {
		Objects.requireNonNull(context, "'context' must not be null");
		if (!context.isClient()) {
			throw new IllegalArgumentException("'context' must be a client SSL context");
		}
	}

	/**
	 * Returns TLS settings that check the server certificate against each address's host.
	 * @param context a client-side SSL context
	 * @return the settings
	 */
	public static ClientTlsOptions of(SslContext context) {
		return new ClientTlsOptions(context, null, true);
	}

}
