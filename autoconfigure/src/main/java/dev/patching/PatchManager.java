package dev.patching;

import java.util.List;

/**
 * The patches of one test context, and what they saw. Every Spring test context has
 * exactly one, injectable with {@code @Autowired}.
 */
public interface PatchManager {

	/** Whether {@code patching.enabled} is true and at least one patch is switched on. */
	boolean isEnabled();

	/** The names of this context's patches, in the order they are applied. */
	List<String> patches();

	/** Whether this context's patches are in effect in the JVM right now. */
	boolean isInEffect();

	/**
	 * Outbound connects seen while this context's patches were in effect, oldest first.
	 * Asked from a test class (its test methods and callbacks), only that class's own
	 * connects, those the context's beans made while it started, and those made on shared
	 * threads ({@link ConnectionAttempt#sharedThread()}): under parallel execution,
	 * another class with the same patches never adds its connects to this one's.
	 */
	List<ConnectionAttempt> connectionAttempts();

	/**
	 * Host-name lookups seen while this context's patches were in effect, oldest first;
	 * asked from a test class, only its own, the context's start's and those made on
	 * shared threads (as for {@link #connectionAttempts()}).
	 */
	List<DnsLookup> dnsLookups();

	/**
	 * The context's patched clock, to move it during a test.
	 * @throws IllegalStateException when the context has no clock patch (neither
	 * {@code patching.time.fixed} nor {@code patching.time.offset} is set, or
	 * {@code patching.enabled=false})
	 */
	TimeControl time();

	/** Forget the recorded connects and lookups. */
	void clearRecords();

}
