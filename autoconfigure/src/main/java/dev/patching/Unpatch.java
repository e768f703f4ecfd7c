package dev.patching;

/**
 * Restores what one {@link Patch#apply} changed: gevent's missing
 * {@code unpatch_socket(old)}.
 */
@FunctionalInterface
public interface Unpatch {

	/**
	 * Put back what was changed.
	 * @throws Exception when it could not; the other patches are still restored and the
	 * failure is reported
	 */
	void unpatch() throws Exception;

}
