package dev.patching.internal.dns;

import java.util.Locale;

import dev.patching.NameRefusedException;
import dev.patching.PatchingConfigurationException;
import org.jspecify.annotations.Nullable;

/** What the DNS patch does with a name that {@code patching.dns.hosts} does not list. */
enum UnlistedMode {

	/**
	 * Ask the system resolver, as without the patch
	 * ({@code patching.dns.unlisted=system}, the default).
	 */
	SYSTEM,

	/**
	 * Refuse the name with a {@link NameRefusedException}
	 * ({@code patching.dns.unlisted=refuse}).
	 */
	REFUSE;

	/** The property the mode is bound from. */
	public static final String PROPERTY = "patching.dns.unlisted";

	/**
	 * Reads {@code patching.dns.unlisted}, ignoring case and surrounding blanks.
	 * @param value {@code system} or {@code refuse}; not set gives the default
	 * {@link #SYSTEM}
	 * @throws PatchingConfigurationException naming the property and the value for
	 * anything else
	 */
	public static UnlistedMode parse(@Nullable String value) {
		if (value == null) {
			return SYSTEM;
		}
		return switch (value.trim().toLowerCase(Locale.ROOT)) {
			case "system" -> SYSTEM;
			case "refuse" -> REFUSE;
			default -> throw new PatchingConfigurationException(PROPERTY, value, "system or refuse");
		};
	}

	/** The value as written in the property: {@code system} or {@code refuse}. */
	public String propertyValue() {
		return name().toLowerCase(Locale.ROOT);
	}

}
