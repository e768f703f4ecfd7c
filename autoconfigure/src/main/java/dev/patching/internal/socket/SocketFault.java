package dev.patching.internal.socket;

import java.time.Duration;
import java.util.Locale;

import dev.patching.PatchingConfigurationException;
import org.jspecify.annotations.Nullable;

/**
 * One value of {@code patching.socket.faults[destination]}: what a connect to that
 * destination meets instead of the network's answer.
 *
 * @param kind the fault
 * @param duration how long a {@link Kind#DELAY} or {@link Kind#TIMEOUT_AFTER} takes; zero
 * for the others
 */
public record SocketFault(Kind kind, Duration duration) {

	private static final String ACCEPTED = "refuse, timeout, delay:<duration> or timeout-after:<duration>, "
			+ "with a positive duration in ms, s or m such as 250ms or 2s";

	public SocketFault {
		if (duration.isNegative() || (kind.timed && duration.isZero()) || (!kind.timed && !duration.isZero())) {
			throw new IllegalArgumentException(kind + " with duration " + duration);
		}
	}

	/**
	 * Parses {@code refuse}, {@code timeout}, {@code delay:<duration>} or
	 * {@code timeout-after:<duration>}; a duration is a whole number of {@code ms},
	 * {@code s} or {@code m} ({@code 250ms}, {@code 2s}).
	 * @throws PatchingConfigurationException naming the property and the value
	 */
	public static SocketFault parse(@Nullable String text, String property) {
		String value = (text != null) ? text.strip().toLowerCase(Locale.ROOT) : "";
		int colon = value.indexOf(':');
		String name = (colon < 0) ? value : value.substring(0, colon).strip();
		for (Kind kind : Kind.values()) {
			if (!kind.text.equals(name)) {
				continue;
			}
			if (!kind.timed) {
				if (colon >= 0) {
					break;
				}
				return new SocketFault(kind, Duration.ZERO);
			}
			Duration duration = (colon >= 0) ? duration(value.substring(colon + 1).strip()) : null;
			if (duration == null || duration.isNegative() || duration.isZero()) {
				break;
			}
			return new SocketFault(kind, duration);
		}
		throw new PatchingConfigurationException(property, text, ACCEPTED);
	}

	private static @Nullable Duration duration(String text) {
		int digits = 0;
		while (digits < text.length() && text.charAt(digits) >= '0' && text.charAt(digits) <= '9') {
			digits++;
		}
		if (digits == 0 || digits > 9) {
			return null;
		}
		long amount = Long.parseLong(text.substring(0, digits));
		return switch (text.substring(digits).strip()) {
			case "ms" -> Duration.ofMillis(amount);
			case "s" -> Duration.ofSeconds(amount);
			case "m" -> Duration.ofMinutes(amount);
			default -> null;
		};
	}

	/** The fault as written in the property: {@code refuse}, {@code delay:250ms}. */
	@Override
	public String toString() {
		return this.kind.timed ? this.kind.text + ":" + text(this.duration) : this.kind.text;
	}

	/** {@code 250ms}, {@code 2s}: milliseconds unless whole seconds. */
	static String text(Duration duration) {
		long millis = duration.toMillis();
		return (millis % 1000 == 0 && millis > 0) ? (millis / 1000) + "s" : millis + "ms";
	}

	/** The kinds of fault. */
	public enum Kind {

		/** The connect fails at once as a closed port would: {@code ConnectException}. */
		REFUSE("refuse", false),

		/**
		 * Nothing answers: the caller's own connect timeout ends the connect, or it fails
		 * at once when the caller set none.
		 */
		TIMEOUT("timeout", false),

		/** The connect goes ahead after the duration. */
		DELAY("delay", true),

		/**
		 * The connect fails with {@code SocketTimeoutException} after the duration,
		 * whatever the caller's timeout.
		 */
		TIMEOUT_AFTER("timeout-after", true);

		private final String text;

		private final boolean timed;

		Kind(String text, boolean timed) {
			this.text = text;
			this.timed = timed;
		}

	}

}
