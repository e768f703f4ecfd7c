package dev.patching;

import java.time.Duration;
import java.time.Instant;

/**
 * The clock of a context whose {@code patching.time.fixed} or
 * {@code patching.time.offset} is set, from {@link PatchManager#time()}. What it changes
 * lasts for the context (a later test class that reuses the cached context sees it too)
 * until {@link #reset()}; it takes effect at once when the context's patches are in
 * effect, else when they next are. Thread-safe.
 */
public interface TimeControl {

	/** What the patched clock says now. */
	Instant now();

	/**
	 * Moves the clock by {@code amount} (negative: back). A fixed clock stays frozen at
	 * the new instant; an offset clock keeps ticking from it.
	 */
	void advance(Duration amount);

	/**
	 * Sets the clock to {@code instant}. A fixed clock stays frozen there; an offset
	 * clock keeps ticking from it.
	 */
	void set(Instant instant);

	/**
	 * Goes back to what the properties say: the fixed instant, or the real time plus the
	 * offset.
	 */
	void reset();

}
