package dev.patching;

/**
 * A change to JVM-global state that can be undone: the SPI for custom patches.
 * <p>
 * List an implementation in {@code META-INF/spring.factories} under the key
 * {@code dev.patching.Patch} and switch it on per test context with
 * {@code patching.<name>.enabled=true}. Every context that enables it gets its own
 * instance; {@link #apply} runs whenever that context's patch set is made active (before
 * its first bean, and again each time a test class that uses the cached context starts),
 * and the returned {@link Unpatch} runs whenever it is made inactive (after its last bean
 * is destroyed, and when another context's test class starts). Patches apply in a stable
 * order and are undone in reverse.
 */
public interface Patch {

	/**
	 * The patch's name: lower case letters, digits and dashes, e.g.
	 * {@code feature-flags}. It forms the properties {@code patching.<name>.enabled} and
	 * {@code patching.<name>.*}.
	 */
	String name();

	/**
	 * Change the JVM-global state and return what puts it back.
	 * @param context this context's settings for the patch
	 * @return restores exactly what this call changed; never {@code null}
	 * @throws Exception when the patch cannot be applied; the context then fails to start
	 * (or the test class fails), naming this patch, and the patches applied before it are
	 * undone
	 */
	Unpatch apply(PatchContext context) throws Exception;

}
