package dev.patching;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A {@code patching.*} property holds a value that cannot be used. The context fails to
 * start with this exception; its message names the property, the value and what is
 * accepted.
 */
public class PatchingConfigurationException extends IllegalArgumentException {

	private final String property;

	private final @Nullable String value;

	private final String accepted;

	/**
	 * @param property the property as the user wrote it, e.g.
	 * {@code patching.socket.allow}
	 * @param value the offending value, verbatim
	 * @param accepted what would be accepted instead, as a sentence fragment
	 */
	public PatchingConfigurationException(String property, @Nullable String value, String accepted) {
		this(property, value, accepted, null);
	}

	public PatchingConfigurationException(String property, @Nullable String value, String accepted,
			@Nullable Throwable cause) {
		super(message(property, value, accepted), cause);
		this.property = Objects.requireNonNull(property, "property");
		this.value = value;
		this.accepted = accepted;
	}

	private static String message(String property, @Nullable String value, String accepted) {
		return "Invalid value '" + value + "' for property '" + property + "'.\n\nAccepted: " + accepted;
	}

	/** The property that holds the bad value. */
	public String getProperty() {
		return this.property;
	}

	/** The bad value, verbatim. */
	public @Nullable String getValue() {
		return this.value;
	}

	/** What the property accepts. */
	public String getAccepted() {
		return this.accepted;
	}

}
