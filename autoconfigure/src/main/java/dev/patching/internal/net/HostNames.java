package dev.patching.internal.net;

import java.net.InetAddress;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Host-name rules shared by the DNS and socket policies: names compare case-insensitively
 * and a trailing dot is ignored; the comparisons used at connect and lookup time never
 * allocate.
 */
public final class HostNames {

	/** What a host name may look like, for configuration error messages. */
	public static final String ACCEPTED = "a host name (labels of letters, digits, '-' or '_' separated by dots, "
			+ "the last label not all digits), e.g. api.partner.test";

	private HostNames() {
	}

	/**
	 * Lower-cases a host name and drops one trailing dot.
	 * @return the canonical name; none when the text is not a valid host name
	 */
	public static @Nullable String normalize(String text) {
		int length = lengthWithoutDot(text);
		if (length == 0 || length > 253) {
			return null;
		}
		int labelStart = 0;
		boolean allDigits = true;
		for (int i = 0; i <= length; i++) {
			char c = (i < length) ? text.charAt(i) : '.';
			if (c == '.') {
				if (i == labelStart || i - labelStart > 63) {
					return null;
				}
				if (i < length) {
					labelStart = i + 1;
					allDigits = true;
				}
				continue;
			}
			boolean digit = c >= '0' && c <= '9';
			allDigits &= digit;
			if (!digit && !(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') && c != '-' && c != '_') {
				return null;
			}
		}
		// The JDK reads an all-digit last label (1.2.3, 999.1.1.1) as an IP literal,
		// never as a name.
		if (allDigits) {
			return null;
		}
		return canonical(text);
	}

	/**
	 * Lower-cases a name as a caller wrote it and drops one trailing dot, without
	 * checking that it is a valid host name: the form {@link #normalize} gives a valid
	 * one.
	 */
	public static String canonical(String name) {
		return name.substring(0, lengthWithoutDot(name)).toLowerCase(Locale.ROOT);
	}

	/**
	 * Whether {@code name} as a caller wrote it is the canonical name {@code canonical}.
	 */
	public static boolean same(String name, String canonical) {
		int length = lengthWithoutDot(name);
		return length == canonical.length() && name.regionMatches(true, 0, canonical, 0, length);
	}

	/**
	 * Whether {@code name} lies strictly under the canonical domain {@code suffix}
	 * ({@code a.svc.test} under {@code svc.test}).
	 */
	public static boolean isUnder(String name, String suffix) {
		int length = lengthWithoutDot(name);
		int start = length - suffix.length();
		return start > 1 && name.charAt(start - 1) == '.'
				&& name.regionMatches(true, start, suffix, 0, suffix.length());
	}

	/**
	 * The host name an address carries (the name the caller asked for), read from
	 * {@code toString()} ({@code name/literal}) because {@code getHostName()} may
	 * reverse-resolve.
	 * @return the name; none when the address carries none
	 */
	public static @Nullable String carriedBy(InetAddress address) {
		String text = address.toString();
		int slash = text.indexOf('/');
		return (slash > 0) ? text.substring(0, slash) : null;
	}

	private static int lengthWithoutDot(String name) {
		int length = name.length();
		return (length > 1 && name.charAt(length - 1) == '.') ? length - 1 : length;
	}

}
