package dev.patching.testing;

import java.math.BigInteger;

/** Bit helpers for the BigInteger reference checks of address matching. */
public final class AddressBits {

	private AddressBits() {
	}

	/** A copy of {@code bytes} with bit {@code bit} (0 = most significant) inverted. */
	public static byte[] flip(byte[] bytes, int bit) {
		byte[] copy = bytes.clone();
		copy[bit / 8] ^= (byte) (0x80 >>> (bit % 8));
		return copy;
	}

	/** {@code value} as exactly {@code length} big-endian bytes. */
	public static byte[] toBytes(BigInteger value, int length) {
		byte[] raw = value.toByteArray();
		byte[] bytes = new byte[length];
		int copy = Math.min(raw.length, length);
		System.arraycopy(raw, raw.length - copy, bytes, length - copy, copy);
		return bytes;
	}

}
