package io.zkzeo.server;

/**
 * Whether a TLS server asks its clients for a certificate.
 */
public enum ClientAuthentication {

	/** No client certificate is asked for. */
	NONE,

	/** A client certificate is asked for and checked if given; clients without one are accepted. */
	OPTIONAL,

	/** Every client must present a certificate signed by a trusted authority (ZEO's {@code authenticate}). */
	REQUIRED

}
