package dev.patching.internal.test;

import java.util.Arrays;
import java.util.List;

import dev.patching.PatchingTestExecutionListener;
import dev.patching.internal.config.ShadowedPropertiesCheck;

import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;
import org.springframework.test.context.TestContextAnnotationUtils.AnnotationDescriptor;
import org.springframework.test.context.TestExecutionListeners;

/**
 * Gives every Spring test context — {@code @SpringBootTest}, slices, plain
 * {@code @SpringJUnitConfig} — a {@code PatchManager}. Listed in
 * {@code META-INF/spring.factories}.
 */
class PatchingContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		// Before any context is loaded, so the hint shows also when the hidden properties
		// make it fail.
		ShadowedPropertiesCheck.warnOnce(testClass.getClassLoader());
		return new PatchingContextCustomizer(!listenerRegistered(testClass));
	}

	/**
	 * Whether the test class keeps {@link PatchingTestExecutionListener}: it does unless
	 * it declares {@code @TestExecutionListeners} that replace the defaults without
	 * listing it.
	 */
	static boolean listenerRegistered(Class<?> testClass) {
		AnnotationDescriptor<TestExecutionListeners> descriptor = TestContextAnnotationUtils
			.findAnnotationDescriptor(testClass, TestExecutionListeners.class);
		if (descriptor == null) {
			return true;
		}
		if (descriptor.getAnnotation().mergeMode() == TestExecutionListeners.MergeMode.MERGE_WITH_DEFAULTS) {
			return true;
		}
		while (descriptor != null) {
			TestExecutionListeners annotation = descriptor.getAnnotation();
			if (Arrays.stream(annotation.listeners()).anyMatch(PatchingTestExecutionListener.class::isAssignableFrom)
					|| Arrays.stream(annotation.value())
						.anyMatch(PatchingTestExecutionListener.class::isAssignableFrom)) {
				return true;
			}
			descriptor = annotation.inheritListeners() ? descriptor.next() : null;
		}
		return false;
	}

}
