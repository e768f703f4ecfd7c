package dev.patching;

import java.util.List;
import java.util.Map;

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

	/**
	 * Layers {@code patching.*} properties on top of this context's own, and those of the
	 * calling test class or method ({@link PatchingOverride}), until the scope is closed:
	 * for values known only at run time, such as a stub server's port. Keys as in
	 * {@code @DynamicPropertySource} (no escaping). Scopes nest; each is in effect on the
	 * thread that opened it and its test, and sets that differ never overlap with another
	 * class's, as for contexts (it may wait for them, up to
	 * {@code patching.wait-timeout}). <pre class="code">
	 * try (PatchScope scope = patchManager.override(
	 *         Map.of("patching.socket.redirect[api.partner.test:443]", "127.0.0.1:" + stub.port()))) {
	 *     ...
	 * }
	 * </pre>
	 * @throws PatchingConfigurationException when a property is not a {@code patching.*}
	 * property this context can take, or its value is invalid (nothing changes)
	 * @throws IllegalStateException when the context is closed
	 */
	PatchScope override(Map<String, String> properties);

}
