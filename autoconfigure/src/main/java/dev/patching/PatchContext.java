package dev.patching;

import org.springframework.boot.context.properties.bind.Binder;

/**
 * What a {@link Patch} learns about the test context that enabled it.
 */
public interface PatchContext {

	/** The property prefix of the patch, {@code patching.<name>}. */
	String prefix();

	/**
	 * Binds the context's properties (its Environment: application properties, test
	 * properties, {@code @DynamicPropertySource} values). For example
	 * {@code binder().bind(prefix() + ".value", String.class)}.
	 */
	Binder binder();

	/**
	 * A short description of the context, for messages.
	 */
	String contextDescription();

}
