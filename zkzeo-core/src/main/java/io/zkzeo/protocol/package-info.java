/**
 * The ZEO 5 wire layer, shared by the storage server and the client storage.
 *
 * <p>It owns the framing (a 4-byte big-endian length before every payload,
 * {@link io.zkzeo.protocol.ZeoFrameDecoder} and {@link io.zkzeo.protocol.ZeoFrameEncoder}), the protocol
 * handshake ({@link io.zkzeo.protocol.ZeoServerHandshakeHandler}, {@link io.zkzeo.protocol.ZeoClientHandshakeHandler},
 * and the {@code ruok} status probe), the message model ({@link io.zkzeo.protocol.ZeoMessage}: calls, replies and
 * error replies, with Python's value types), the message codecs ({@link io.zkzeo.protocol.MessageCodec} for msgpack
 * "M5" and pickle "Z5") and the mapping between storage exceptions and the Python exception classes a ZEO peer
 * sends and expects ({@link io.zkzeo.protocol.ZeoErrors}).
 *
 * <p>{@link io.zkzeo.protocol.ZeoPipeline} puts the handlers into a Netty pipeline in the right order. The server
 * and the client add their own handler after them and receive decoded {@link io.zkzeo.protocol.ZeoMessage}s once
 * a {@link io.zkzeo.protocol.ZeoHandshakeCompletionEvent} has been fired. They write messages one at a time, or
 * several as a {@link io.zkzeo.protocol.ZeoMessageBatch} that goes through the pipeline as one buffer.
 *
 * <p>{@link io.zkzeo.protocol.Transport} chooses the sockets both run on: Linux's epoll where Netty's native
 * library loads, else the JDK's NIO.
 */
@NullMarked
package io.zkzeo.protocol;

import org.jspecify.annotations.NullMarked;
