package io.zkzeo.protocol;

import java.util.Locale;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * The socket transport a storage server or a client storage runs its connections on.
 *
 * <p>{@link #AUTO}, the default, takes Linux's epoll where Netty's native epoll library
 * ({@code io.netty:netty-transport-native-epoll}, classifier {@code linux-x86_64} or {@code linux-aarch_64}) is on
 * the class path and loads, and the JDK's NIO everywhere else. Epoll needs fewer system calls per message: on a
 * loaded two-processor machine it carries about a sixth more small commits than NIO. What goes over the wire is
 * the same either way, so a server and its clients need not agree.
 */
public enum Transport {

	/** Epoll where Netty's native library loads, else NIO. */
	AUTO,

	/** Linux's epoll through Netty's native library; refused at start where it does not load. */
	EPOLL,

	/** The JDK's NIO selector, available everywhere. */
	NIO;

	/**
	 * Returns the transport to run on: {@link #AUTO} becomes {@link #EPOLL} or {@link #NIO}, the others stay.
	 * @return {@link #EPOLL} or {@link #NIO}
	 * @throws IllegalStateException if this is {@link #EPOLL} and Netty's native epoll library does not load here
	 */
	public Transport resolve() {
		return switch (this) {
			case AUTO -> Epoll.isAvailable() ? EPOLL : NIO;
			case EPOLL -> {
				if (!Epoll.isAvailable()) {
					throw new IllegalStateException("The epoll transport is not available here ("
							+ Epoll.unavailabilityCause() + "); put io.netty:netty-transport-native-epoll with this "
							+ "platform's classifier and your Netty's version on the class path, or choose the "
							+ "transport auto or nio");
				}
				yield EPOLL;
			}
			case NIO -> NIO;
		};
	}

	/**
	 * Returns the factory of the event loops' I/O handlers for this transport.
	 * @return the factory
	 * @throws IllegalStateException as {@link #resolve()}
	 */
	public IoHandlerFactory ioHandlerFactory() {
		return (resolve() == EPOLL) ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
	}

	/**
	 * Returns the class of a client's socket channels for this transport.
	 * @return the channel class
	 * @throws IllegalStateException as {@link #resolve()}
	 */
	public Class<? extends SocketChannel> socketChannelType() {
		return (resolve() == EPOLL) ? EpollSocketChannel.class : NioSocketChannel.class;
	}

	/**
	 * Returns the class of a server's listening channel for this transport.
	 * @return the channel class
	 * @throws IllegalStateException as {@link #resolve()}
	 */
	public Class<? extends ServerSocketChannel> serverSocketChannelType() {
		return (resolve() == EPOLL) ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
	}

	@Override
	public String toString() {
		return name().toLowerCase(Locale.ROOT);
	}

}
