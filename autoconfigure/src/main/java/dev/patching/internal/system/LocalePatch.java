package dev.patching.internal.system;

import java.util.IllformedLocaleException;
import java.util.Locale;

import dev.patching.PatchingConfigurationException;
import dev.patching.Unpatch;
import dev.patching.internal.core.PatchEntry;
import dev.patching.internal.core.Recording;

/**
 * {@code patching.locale}: the JVM's default {@link Locale} (all categories) while the
 * context's patches are in effect.
 */
public final class LocalePatch implements PatchEntry {

	/** The patch name. */
	public static final String NAME = "locale";

	static final String PROPERTY = "patching.locale";

	private final Locale locale;

	private LocalePatch(Locale locale) {
		this.locale = locale;
	}

	/**
	 * @param value a BCP 47 language tag such as {@code de-CH} or {@code en-US}
	 * @throws PatchingConfigurationException for a malformed tag
	 */
	public static LocalePatch parse(String value) {
		try {
			Locale locale = new Locale.Builder().setLanguageTag(value.trim()).build();
			if (locale.getLanguage().isEmpty()) {
				throw new IllformedLocaleException("no language");
			}
			return new LocalePatch(locale);
		}
		catch (IllformedLocaleException ex) {
			throw new PatchingConfigurationException(PROPERTY, value,
					"a well-formed BCP 47 language tag with a language, such as 'en-US', 'de-CH' or 'fr'", ex);
		}
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public Object fingerprint() {
		return this.locale;
	}

	@Override
	public Unpatch apply(Recording recording) {
		Locale previous = Locale.getDefault();
		Locale previousDisplay = Locale.getDefault(Locale.Category.DISPLAY);
		Locale previousFormat = Locale.getDefault(Locale.Category.FORMAT);
		Locale.setDefault(this.locale);
		return () -> {
			Locale.setDefault(previous);
			Locale.setDefault(Locale.Category.DISPLAY, previousDisplay);
			Locale.setDefault(Locale.Category.FORMAT, previousFormat);
		};
	}

}
