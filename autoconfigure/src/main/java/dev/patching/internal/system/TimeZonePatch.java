package dev.patching.internal.system;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.TimeZone;

import dev.patching.PatchingConfigurationException;
import dev.patching.Unpatch;
import dev.patching.internal.core.PatchEntry;
import dev.patching.internal.core.Recording;

/**
 * {@code patching.time-zone}: the JVM's default {@link TimeZone} while the context's
 * patches are in effect.
 */
public final class TimeZonePatch implements PatchEntry {

	/** The patch name. */
	public static final String NAME = "time-zone";

	static final String PROPERTY = "patching.time-zone";

	private final TimeZone zone;

	private TimeZonePatch(TimeZone zone) {
		this.zone = zone;
	}

	/**
	 * @param value a zone id such as {@code Europe/Paris}, {@code UTC} or {@code +02:00}
	 * @throws PatchingConfigurationException for an id the JDK does not know
	 */
	public static TimeZonePatch parse(String value) {
		try {
			return new TimeZonePatch(TimeZone.getTimeZone(ZoneId.of(value.trim())));
		}
		catch (DateTimeException ex) {
			throw new PatchingConfigurationException(PROPERTY, value,
					"a time-zone id known to the JDK, such as 'UTC', 'Europe/Paris' or '+02:00' (see ZoneId.of)", ex);
		}
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public Object fingerprint() {
		return this.zone.getID();
	}

	@Override
	public Unpatch apply(Recording recording) {
		TimeZone previous = TimeZone.getDefault();
		TimeZone.setDefault(this.zone);
		return () -> TimeZone.setDefault(previous);
	}

}
