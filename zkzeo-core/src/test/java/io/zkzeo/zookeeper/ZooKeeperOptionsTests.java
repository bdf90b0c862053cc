package io.zkzeo.zookeeper;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ZooKeeperOptionsTests {

	@Test
	void defaultsShouldMatchZcZk() {
		ZooKeeperOptions options = ZooKeeperOptions.defaults();
		assertThat(options.connectString()).isEqualTo("127.0.0.1:2181");
		assertThat(options.path()).isNull();
		assertThat(options.sessionTimeout()).isEqualTo(Duration.ofSeconds(10));
		assertThat(options.connectionTimeout()).isEqualTo(Duration.ofSeconds(10));
		assertThat(options.auth()).isNull();
		assertThat(options.acl()).isEqualTo(ZooKeeperAcl.OPEN);
		assertThat(options.createPath()).isFalse();
		assertThatIllegalStateException().isThrownBy(options::requiredPath).withMessageContaining("127.0.0.1:2181");
	}

	@Test
	void withMethodsShouldReturnChangedCopies() {
		ZooKeeperOptions options = ZooKeeperOptions.defaults()
			.withConnectString("zk1:2181,zk2:2181")
			.withPath("/databases/demo")
			.withSessionTimeout(Duration.ofSeconds(3))
			.withConnectionTimeout(Duration.ofSeconds(4))
			.withCreatePath(true)
			.withAuth("zkzeo:secret");
		assertThat(options.connectString()).isEqualTo("zk1:2181,zk2:2181");
		assertThat(options.requiredPath()).isEqualTo("/databases/demo");
		assertThat(options.sessionTimeout()).isEqualTo(Duration.ofSeconds(3));
		assertThat(options.connectionTimeout()).isEqualTo(Duration.ofSeconds(4));
		assertThat(options.createPath()).isTrue();
		assertThat(options.acl()).isEqualTo(ZooKeeperAcl.CREATOR_ALL_WORLD_READ);
		assertThat(options.withAcl(ZooKeeperAcl.OPEN).acl()).isEqualTo(ZooKeeperAcl.OPEN);
		assertThat(options).isEqualTo(options.toBuilder().build()).isNotEqualTo(ZooKeeperOptions.defaults());
		assertThat(options.toString()).contains("zkzeo:****").doesNotContain("secret");
	}

	@Test
	void buildShouldRejectInvalidValues() {
		assertThatIllegalArgumentException().isThrownBy(() -> ZooKeeperOptions.builder().path("databases").build());
		assertThatIllegalArgumentException().isThrownBy(() -> ZooKeeperOptions.builder().path("/databases/").build());
		assertThatIllegalArgumentException().isThrownBy(() -> ZooKeeperOptions.builder().connectString(" ").build());
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ZooKeeperOptions.builder().sessionTimeout(Duration.ZERO).build());
		assertThatIllegalArgumentException().isThrownBy(() -> ZooKeeperOptions.builder().auth("secret").build())
			.withMessageContaining("user:password")
			.withMessageNotContaining("secret");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ZooKeeperOptions.builder().acl(ZooKeeperAcl.CREATOR_ALL_WORLD_READ).build())
			.withMessageContaining("auth");
	}

}
