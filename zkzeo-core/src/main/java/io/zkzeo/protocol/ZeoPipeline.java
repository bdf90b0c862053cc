package io.zkzeo.protocol;

import java.util.Objects;

import io.netty.channel.ChannelPipeline;
import io.netty.util.concurrent.Promise;

/**
 * Adds the ZEO wire handlers to a pipeline, in order, under fixed names. The server or client handler goes after
 * them ({@code pipeline.addLast(...)}), waits for the {@link ZeoHandshakeCompletionEvent}, then reads and writes
 * {@link ZeoMessage}s.
 *
 * <pre>
 * before the handshake:  zeoFrameDecoder, zeoFrameEncoder, zeoHandshake
 * after it:              zeoFrameDecoder, zeoMessageEncoder, zeoMessageDecoder
 * </pre>
 */
public final class ZeoPipeline {

	/** Name of the {@link ZeoFrameDecoder}. */
	public static final String FRAME_DECODER = "zeoFrameDecoder";

	/** Name of the {@link ZeoFrameEncoder} (replaced by {@link #MESSAGE_ENCODER} after the handshake). */
	public static final String FRAME_ENCODER = "zeoFrameEncoder";

	/** Name of the handshake handler (replaced by {@link #MESSAGE_DECODER} after the handshake). */
	public static final String HANDSHAKE = "zeoHandshake";

	/** Name of the {@link ZeoMessageDecoder}. */
	public static final String MESSAGE_DECODER = "zeoMessageDecoder";

	/** Name of the {@link ZeoMessageEncoder}. */
	public static final String MESSAGE_ENCODER = "zeoMessageEncoder";

	private ZeoPipeline() {
	}

	/**
	 * Adds the handlers of a server connection.
	 * @param pipeline the channel's pipeline
	 * @param options frame limit and encodings
	 * @param statusProvider the answer to {@code ruok} probes
	 */
	public static void addServerHandlers(ChannelPipeline pipeline, ZeoProtocolOptions options,
			ServerStatusProvider statusProvider) {
		addFraming(pipeline, options);
		pipeline.addLast(HANDSHAKE, new ZeoServerHandshakeHandler(options, statusProvider));
	}

	/**
	 * Adds the handlers of a client connection.
	 * @param pipeline the channel's pipeline
	 * @param options frame limit and accepted encodings
	 */
	public static void addClientHandlers(ChannelPipeline pipeline, ZeoProtocolOptions options) {
		addFraming(pipeline, options);
		pipeline.addLast(HANDSHAKE, new ZeoClientHandshakeHandler(options));
	}

	/**
	 * Adds the handlers of a {@code ruok} probe connection.
	 * @param pipeline the channel's pipeline
	 * @param options the frame limit
	 * @param result completed with the server's JSON status
	 */
	public static void addRuokProbeHandlers(ChannelPipeline pipeline, ZeoProtocolOptions options,
			Promise<String> result) {
		addFraming(pipeline, options);
		pipeline.addLast(HANDSHAKE, new ZeoRuokProbeHandler(result));
	}

	private static void addFraming(ChannelPipeline pipeline, ZeoProtocolOptions options) {
		Objects.requireNonNull(pipeline, "'pipeline' must not be null");
		Objects.requireNonNull(options, "'options' must not be null");
		pipeline.addLast(FRAME_DECODER, new ZeoFrameDecoder(options.maxFrameLength()));
		pipeline.addLast(FRAME_ENCODER, new ZeoFrameEncoder());
	}

}
