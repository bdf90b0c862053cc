package io.zkzeo.protocol;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Transport}: what each choice runs on.
 */
class TransportTests {

	@Test
	void nioRunsOnTheJdksChannelsEverywhere() {
		assertThat(Transport.NIO.resolve()).isEqualTo(Transport.NIO);
		assertThat(Transport.NIO.socketChannelType()).isEqualTo(NioSocketChannel.class);
		assertThat(Transport.NIO.serverSocketChannelType()).isEqualTo(NioServerSocketChannel.class);
		assertThat(Transport.NIO.ioHandlerFactory()).isNotNull();
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	@EnabledIfSystemProperty(named = "os.arch", matches = "amd64|x86_64")
	void autoTakesEpollOnLinuxX86WhereTheBuildPutsTheNativeLibrary() {
		assertThat(Epoll.isAvailable()).as("epoll unavailable: %s", Epoll.unavailabilityCause()).isTrue();
		assertThat(Transport.AUTO.resolve()).isEqualTo(Transport.EPOLL);
		assertThat(Transport.AUTO.socketChannelType()).isEqualTo(EpollSocketChannel.class);
		assertThat(Transport.EPOLL.serverSocketChannelType()).isEqualTo(EpollServerSocketChannel.class);
	}

	@Test
	void autoFallsBackToNioWhereEpollDoesNotLoad() {
		assertThat(Transport.AUTO.resolve()).isEqualTo(Epoll.isAvailable() ? Transport.EPOLL : Transport.NIO);
	}

	@Test
	void namesAreWrittenAsPropertiesTakeThem() {
		assertThat(Transport.EPOLL).hasToString("epoll");
		assertThat(Transport.AUTO).hasToString("auto");
	}

}
