package dev.patching.internal.system;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.function.Supplier;

import dev.patching.PatchingConfigurationException;
import dev.patching.TimeControl;
import dev.patching.Unpatch;
import dev.patching.internal.agent.SystemHooks;
import dev.patching.internal.core.EntryHooks;
import dev.patching.internal.core.PatchEntry;
import dev.patching.internal.core.Recording;
import org.jspecify.annotations.Nullable;

/**
 * {@code patching.time.fixed} / {@code patching.time.offset}: the JDK's system clocks
 * ({@code Instant.now()}, {@code Clock.systemUTC()}, {@code LocalDate.now()}, ...) frozen
 * at an instant or shifted from the real time while the context's patches are in effect
 * ({@link SystemHooks}). An offset clock ticks with {@code System.nanoTime()} from the
 * real time taken when the patch is applied; {@code System.nanoTime()} itself is never
 * shifted.
 * <p>
 * The clock is the context's own and can be moved ({@link TimeControl}), so two contexts'
 * clock patches are never the same patch: its fingerprint is the entry itself.
 */
public final class ClockPatch implements PatchEntry, TimeControl, Supplier<Instant> {

	/** The patch name. */
	public static final String NAME = "time";

	static final String FIXED = "patching.time.fixed";

	static final String OFFSET = "patching.time.offset";

	private final @Nullable Instant fixed;

	private final @Nullable Duration offset;

	/** The offset of an offset clock now, moved by advance and set. */
	private Duration currentOffset;

	private volatile Reading reading;

	private ClockPatch(@Nullable Instant fixed, @Nullable Duration offset) {
		this.fixed = fixed;
		this.offset = offset;
		this.currentOffset = (offset != null) ? offset : Duration.ZERO;
		this.reading = (fixed != null) ? Reading.frozen(fixed) : Reading.ticking(realNow().plus(this.currentOffset));
	}

	/**
	 * The clock patch, or {@code null} when neither value is set.
	 * @param fixed an ISO-8601 instant such as {@code 2030-01-01T09:00:00Z} (an offset
	 * such as {@code +01:00} instead of {@code Z} is accepted too)
	 * @param offset an ISO-8601 duration such as {@code -P30D} or {@code PT2H}
	 * @throws PatchingConfigurationException for a value that does not parse, or both set
	 */
	public static @Nullable ClockPatch parse(@Nullable String fixed, @Nullable String offset) {
		if (fixed != null && offset != null) {
			throw new PatchingConfigurationException(OFFSET, offset, "no value while " + FIXED + " is set (" + fixed
					+ "): a clock is either fixed or offset, so set " + "only one of " + FIXED + " and " + OFFSET);
		}
		if (fixed != null) {
			return new ClockPatch(instant(fixed), null);
		}
		if (offset != null) {
			try {
				return new ClockPatch(null, Duration.parse(offset.trim()));
			}
			catch (DateTimeException ex) {
				throw new PatchingConfigurationException(OFFSET, offset,
						"an ISO-8601 duration such as '-P30D' (30 days back), 'PT2H' or 'P1DT-3H' (see Duration.parse)",
						ex);
			}
		}
		return null;
	}

	private static Instant instant(String value) {
		try {
			return Instant.parse(value.trim());
		}
		catch (DateTimeException ex) {
			try {
				return OffsetDateTime.parse(value.trim()).toInstant();
			}
			catch (DateTimeException again) {
				throw new PatchingConfigurationException(FIXED, value,
						"an ISO-8601 instant such as '2030-01-01T09:00:00Z' or '2030-01-01T10:00:00+01:00'", ex);
			}
		}
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public Object fingerprint() {
		return this;
	}

	@Override
	public TimeControl timeControl() {
		return this;
	}

	@Override
	public EntryHooks.Provider ownHooks() {
		return HeldSystemHook.CLOCK;
	}

	@Override
	public Unpatch apply(Recording recording) {
		synchronized (this) {
			if (this.fixed == null) {
				this.reading = Reading.ticking(realNow().plus(this.currentOffset));
			}
		}
		SystemHooks.useClock(this);
		return () -> SystemHooks.useClock(null);
	}

	/** The patched instant; what the hooked JDK clocks answer. */
	@Override
	public Instant get() {
		return this.reading.now();
	}

	@Override
	public Instant now() {
		return this.reading.now();
	}

	@Override
	public synchronized void advance(Duration amount) {
		Reading current = this.reading;
		if (this.fixed != null) {
			this.reading = Reading.frozen(current.now().plus(amount));
		}
		else {
			this.currentOffset = this.currentOffset.plus(amount);
			this.reading = Reading.ticking(current.now().plus(amount));
		}
	}

	@Override
	public synchronized void set(Instant instant) {
		if (this.fixed != null) {
			this.reading = Reading.frozen(instant);
		}
		else {
			this.currentOffset = Duration.between(realNow(), instant);
			this.reading = Reading.ticking(instant);
		}
	}

	@Override
	public synchronized void reset() {
		if (this.fixed != null) {
			this.reading = Reading.frozen(this.fixed);
		}
		else {
			this.currentOffset = this.offset;
			this.reading = Reading.ticking(realNow().plus(this.currentOffset));
		}
	}

	/**
	 * The real time: {@code System.currentTimeMillis()} is never patched, so this is
	 * right even while another clock patch is in effect.
	 */
	private static Instant realNow() {
		return Instant.ofEpochMilli(System.currentTimeMillis());
	}

	@Override
	public String toString() {
		return (this.fixed != null) ? "fixed at " + this.fixed : "offset by " + this.offset;
	}

	/** The clock from an anchor: frozen there, or ticking with nanoTime from there. */
	private record Reading(Instant anchor, long anchorNanos, boolean ticks) {

		static Reading frozen(Instant instant) {
			return new Reading(instant, 0, false);
		}

		static Reading ticking(Instant instant) {
			return new Reading(instant, System.nanoTime(), true);
		}

		Instant now() {
			return this.ticks ? this.anchor.plusNanos(System.nanoTime() - this.anchorNanos) : this.anchor;
		}

	}

}
