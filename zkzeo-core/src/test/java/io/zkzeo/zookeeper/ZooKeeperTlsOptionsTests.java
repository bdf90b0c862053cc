package io.zkzeo.zookeeper;

import java.nio.file.Path;

import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.common.ClientX509Util;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ZooKeeperTlsOptionsTests {

	private static final Path TRUST = Path.of("/etc/zk/trust.p12");

	private static final Path KEYS = Path.of("/etc/zk/client.p12");

	@Test
	void clientConfigUsesZooKeepersOwnPropertyNames() {
		ZooKeeperTlsOptions tls = ZooKeeperTlsOptions.trusting(TRUST, "trust-secret")
			.withTrustStoreType("PKCS12")
			.withKeyStore(KEYS, "key-secret")
			.withKeyStoreType("PKCS12")
			.withHostnameVerification(false);
		ZKClientConfig config = ZooKeeperClientFactory.clientConfig(tls);
		try (ClientX509Util names = new ClientX509Util()) {
			assertThat(config.getProperty(names.getSslTruststoreLocationProperty())).isEqualTo(TRUST.toString());
			assertThat(config.getProperty(names.getSslTruststorePasswdProperty())).isEqualTo("trust-secret");
			assertThat(config.getProperty(names.getSslTruststoreTypeProperty())).isEqualTo("PKCS12");
			assertThat(config.getProperty(names.getSslKeystoreLocationProperty())).isEqualTo(KEYS.toString());
			assertThat(config.getProperty(names.getSslKeystorePasswdProperty())).isEqualTo("key-secret");
			assertThat(config.getProperty(names.getSslKeystoreTypeProperty())).isEqualTo("PKCS12");
			assertThat(config.getProperty(names.getSslHostnameVerificationEnabledProperty())).isEqualTo("false");
		}
		assertThat(config.getBoolean(ZKClientConfig.SECURE_CLIENT)).isTrue();
		assertThat(config.getProperty(ZKClientConfig.ZOOKEEPER_CLIENT_CNXN_SOCKET))
			.isEqualTo("org.apache.zookeeper.ClientCnxnSocketNetty");
	}

	@Test
	void clientConfigWithoutKeyStoreHasNoKeyStore() {
		ZKClientConfig config = ZooKeeperClientFactory.clientConfig(ZooKeeperTlsOptions.trusting(TRUST, null));
		assertThat(config.getProperty("zookeeper.ssl.keyStore.location")).isNull();
		assertThat(config.getProperty("zookeeper.ssl.trustStore.password")).isNull();
		assertThat(config.getProperty("zookeeper.ssl.hostnameVerification")).isEqualTo("true");
	}

	@Test
	void toStringMasksPasswords() {
		ZooKeeperOptions options = ZooKeeperOptions.defaults()
			.withTls(ZooKeeperTlsOptions.trusting(TRUST, "trust-secret").withKeyStore(KEYS, "key-secret"));
		assertThat(options.toString()).contains("trust.p12", "client.p12")
			.doesNotContain("trust-secret")
			.doesNotContain("key-secret");
	}

	@Test
	void withTlsKeepsOtherOptionsAndTakesPartInEquality() {
		ZooKeeperTlsOptions tls = ZooKeeperTlsOptions.trusting(TRUST, "secret");
		ZooKeeperOptions plain = ZooKeeperOptions.defaults().withPath("/databases/demo");
		ZooKeeperOptions secure = plain.withTls(tls);
		assertThat(secure.tls()).isEqualTo(tls);
		assertThat(secure.path()).isEqualTo("/databases/demo");
		assertThat(secure).isNotEqualTo(plain).isEqualTo(plain.withTls(ZooKeeperTlsOptions.trusting(TRUST, "secret")));
		assertThat(secure.withTls(null)).isEqualTo(plain);
		assertThat(plain.tls()).isNull();
	}

	@Test
	void keyStorePasswordWithoutKeyStoreIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ZooKeeperTlsOptions(TRUST, null, null, null, "secret", null, true))
			.withMessageContaining("key store");
	}

	@Test
	void blankStoreTypeIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ZooKeeperTlsOptions.trusting(TRUST, null).withTrustStoreType(" "))
			.withMessageContaining("trustStoreType");
	}

}
