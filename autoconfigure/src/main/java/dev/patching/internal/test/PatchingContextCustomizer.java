package dev.patching.internal.test;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Registers the {@link PatchManagerRegistrar}. It binds nothing itself: customizers run
 * in an order we do not control, and {@code @DynamicPropertySource} values may not be in
 * the Environment yet. Equal for every context (so it never splits the context cache)
 * except for the rare test class that dropped our listener.
 */
final class PatchingContextCustomizer implements ContextCustomizer {

	private final Key key;

	PatchingContextCustomizer(boolean listenerMissing) {
		this.key = new Key(listenerMissing);
	}

	@Override
	public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
		context
			.addBeanFactoryPostProcessor(new PatchManagerRegistrar(context, mergedConfig, this.key.listenerMissing()));
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return this == other
				|| (other instanceof PatchingContextCustomizer customizer && this.key.equals(customizer.key));
	}

	@Override
	public int hashCode() {
		return this.key.hashCode();
	}

	private record Key(boolean listenerMissing) {

	}

}
