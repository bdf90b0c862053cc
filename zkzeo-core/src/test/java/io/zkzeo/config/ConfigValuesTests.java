package io.zkzeo.config;

import java.net.InetSocketAddress;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ConfigValuesTests {

	@Test
	void byteSizeShouldFollowZConfig() {
		assertThat(SectionReader.parseByteSize("512")).isEqualTo(512);
		assertThat(SectionReader.parseByteSize("100MB")).isEqualTo(100L * 1024 * 1024);
		assertThat(SectionReader.parseByteSize("20mb")).isEqualTo(20L * 1024 * 1024);
		assertThat(SectionReader.parseByteSize("64 KB")).isEqualTo(64L * 1024);
		assertThat(SectionReader.parseByteSize("2GB")).isEqualTo(2L * 1024 * 1024 * 1024);
		assertThatIllegalArgumentException().isThrownBy(() -> SectionReader.parseByteSize("1.5MB"));
		assertThatIllegalArgumentException().isThrownBy(() -> SectionReader.parseByteSize("10TB"));
	}

	@Test
	void timeIntervalShouldFollowZConfig() {
		assertThat(SectionReader.parseTimeInterval("45")).isEqualTo(Duration.ofSeconds(45));
		assertThat(SectionReader.parseTimeInterval("30s")).isEqualTo(Duration.ofSeconds(30));
		assertThat(SectionReader.parseTimeInterval("5m")).isEqualTo(Duration.ofMinutes(5));
		assertThat(SectionReader.parseTimeInterval("2H")).isEqualTo(Duration.ofHours(2));
		assertThat(SectionReader.parseTimeInterval("1d")).isEqualTo(Duration.ofDays(1));
		assertThatIllegalArgumentException().isThrownBy(() -> SectionReader.parseTimeInterval("5w"));
	}

	@Test
	void booleanShouldAcceptZConfigWords() {
		assertThat(SectionReader.parseBoolean("On")).isTrue();
		assertThat(SectionReader.parseBoolean("yes")).isTrue();
		assertThat(SectionReader.parseBoolean("TRUE")).isTrue();
		assertThat(SectionReader.parseBoolean("off")).isFalse();
		assertThat(SectionReader.parseBoolean("No")).isFalse();
		assertThat(SectionReader.parseBoolean("false")).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> SectionReader.parseBoolean("1"));
	}

	@Test
	void addressShouldParseLikeSocketBindingAddress() {
		assertThat(ZeoAddress.parse("127.0.0.1")).isEqualTo(new ZeoAddress("127.0.0.1", null, null));
		assertThat(ZeoAddress.parse("8100")).isEqualTo(new ZeoAddress("", 8100, null));
		assertThat(ZeoAddress.parse(":8100")).isEqualTo(new ZeoAddress("", 8100, null));
		assertThat(ZeoAddress.parse("Zeo.Example.COM:8100")).isEqualTo(new ZeoAddress("zeo.example.com", 8100, null));
		assertThat(ZeoAddress.parse("[::1]:8100")).isEqualTo(new ZeoAddress("::1", 8100, null));
		assertThat(ZeoAddress.parse("::1")).isEqualTo(new ZeoAddress("::1", null, null));
		assertThat(ZeoAddress.parse("127.0.0.1:")).isEqualTo(new ZeoAddress("127.0.0.1", null, null));
		assertThat(ZeoAddress.parse("./monitor.sock").socketPath()).isEqualTo("./monitor.sock");
		assertThatIllegalArgumentException().isThrownBy(() -> ZeoAddress.parse("127.0.0.1:70000"));
		assertThatIllegalArgumentException().isThrownBy(() -> ZeoAddress.parse("a b"));
		assertThat(ZeoAddress.parse("127.0.0.1").toBindAddress()).isEqualTo(new InetSocketAddress("127.0.0.1", 0));
		assertThat(ZeoAddress.parse("8100").toBindAddress().getAddress().isAnyLocalAddress()).isTrue();
		assertThatIllegalStateException().isThrownBy(() -> ZeoAddress.parse("/tmp/zeo.sock").toBindAddress());
	}

	@Test
	void logLevelShouldMapZConfigNamesToSlf4j() {
		assertThat(LogLevel.parse("WARNING").slf4jLevel()).isEqualTo(org.slf4j.event.Level.WARN);
		assertThat(LogLevel.parse("critical").slf4jLevel()).isEqualTo(org.slf4j.event.Level.ERROR);
		assertThat(LogLevel.parse("blather").slf4jLevel()).isEqualTo(org.slf4j.event.Level.DEBUG);
		assertThat(LogLevel.parse("trace").slf4jLevel()).isEqualTo(org.slf4j.event.Level.TRACE);
		assertThat(LogLevel.parse("25").slf4jLevel()).isEqualTo(org.slf4j.event.Level.INFO);
		assertThat(LogLevel.parse("notset").slf4jLevel()).isNull();
		assertThatIllegalArgumentException().isThrownBy(() -> LogLevel.parse("loud"));
		assertThatIllegalArgumentException().isThrownBy(() -> LogLevel.parse("51"));
	}

}
