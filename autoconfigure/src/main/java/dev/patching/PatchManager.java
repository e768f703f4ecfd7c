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
	 */
	List<ConnectionAttempt> connectionAttempts();

	/**
	 * Host-name lookups seen while this context's patches were in effect, oldest first.
	 */
	List<DnsLookup> dnsLookups();

	/** Forget the recorded connects and lookups. */
	void clearRecords();

}
