package io.zkzeo.reliability;

import java.util.Arrays;
import java.util.Random;

/**
 * Random damage to a byte string: flipped bits, replaced, inserted and deleted bytes, cut tails, and
 * bytes that are special to pickle and msgpack decoders.
 */
final class Mutations {

	private static final byte[] INTERESTING = { 0, 1, -1, 0x7f, (byte) 0x80, (byte) 0xc0, (byte) 0xc4, (byte) 0xd9,
			(byte) 0xdc, (byte) 0xdd, (byte) 0xde, (byte) 0xdf, (byte) 0x92, (byte) 0x94, '(', '.', 'c', 'q', 'h', 'j',
			't', '}', ']', 'R', 'b', 'N', (byte) 0x8a, (byte) 0x8b, (byte) 0x95 };

	private Mutations() {
	}

	static byte[] mutate(byte[] original, Random random) {
		byte[] bytes = original.clone();
		int count = 1 + random.nextInt(4);
		for (int i = 0; i < count; i++) {
			bytes = mutateOnce(bytes, random);
		}
		return bytes;
	}

	static byte[] randomBytes(Random random, int maxLength) {
		byte[] bytes = new byte[random.nextInt(maxLength + 1)];
		random.nextBytes(bytes);
		return bytes;
	}

	private static byte[] mutateOnce(byte[] bytes, Random random) {
		if (bytes.length == 0) {
			return new byte[] { INTERESTING[random.nextInt(INTERESTING.length)] };
		}
		int at = random.nextInt(bytes.length);
		switch (random.nextInt(7)) {
			case 0 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
			case 1 -> bytes[at] = (byte) random.nextInt(256);
			case 2 -> bytes[at] = INTERESTING[random.nextInt(INTERESTING.length)];
			case 3 -> {
				byte[] longer = new byte[bytes.length + 1];
				System.arraycopy(bytes, 0, longer, 0, at);
				longer[at] = INTERESTING[random.nextInt(INTERESTING.length)];
				System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
				return longer;
			}
			case 4 -> {
				byte[] shorter = new byte[bytes.length - 1];
				System.arraycopy(bytes, 0, shorter, 0, at);
				System.arraycopy(bytes, at + 1, shorter, at, bytes.length - at - 1);
				return shorter;
			}
			case 5 -> {
				return Arrays.copyOf(bytes, at);
			}
			default -> {
				// a large length or count where a small one was
				for (int i = at; i < Math.min(bytes.length, at + 4); i++) {
					bytes[i] = (byte) 0xff;
				}
			}
		}
		return bytes;
	}

}
