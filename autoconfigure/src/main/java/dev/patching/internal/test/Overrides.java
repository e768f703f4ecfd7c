package dev.patching.internal.test;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Modifier;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.patching.PatchingOverride;

import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.test.context.support.TestPropertySourceUtils;

/**
 * The {@link PatchingOverride} properties of a test class or method, direct or through an
 * annotation such as {@code @NoNetwork}: a class's include those of the classes it is
 * nested in and extends (the nearer wins), a method's are layered on its class's.
 */
final class Overrides {

	private Overrides() {
	}

	/**
	 * A test class's overrides: those of the class it is {@code @Nested} in first, then
	 * its own.
	 */
	static Map<String, String> ofClass(Class<?> testClass) {
		Map<String, String> overrides = new LinkedHashMap<>();
		Class<?> enclosing = testClass.getEnclosingClass();
		if (enclosing != null && !Modifier.isStatic(testClass.getModifiers())) {
			overrides.putAll(ofClass(enclosing));
		}
		overrides.putAll(declaredOn(testClass));
		return Map.copyOf(overrides);
	}

	/** {@code base} with {@code method}'s own overrides layered on. */
	static Map<String, String> ofMethod(Map<String, String> base, AnnotatedElement method) {
		Map<String, String> own = declaredOn(method);
		if (own.isEmpty()) {
			return base;
		}
		Map<String, String> overrides = new LinkedHashMap<>(base);
		overrides.putAll(own);
		return Map.copyOf(overrides);
	}

	/**
	 * The overrides declared on {@code element}, its superclasses or the methods it
	 * overrides, and annotations it carries; the nearest wins.
	 */
	private static Map<String, String> declaredOn(AnnotatedElement element) {
		List<MergedAnnotation<PatchingOverride>> found = MergedAnnotations.from(element, SearchStrategy.TYPE_HIERARCHY)
			.stream(PatchingOverride.class)
			.sorted(Comparator.<MergedAnnotation<PatchingOverride>>comparingInt(MergedAnnotation::getAggregateIndex)
				.thenComparingInt(MergedAnnotation::getDistance)
				.reversed())
			.toList();
		Map<String, String> overrides = new LinkedHashMap<>();
		for (MergedAnnotation<PatchingOverride> annotation : found) {
			String[] properties = annotation.getStringArray("value");
			TestPropertySourceUtils.convertInlinedPropertiesToMap(properties)
				.forEach((key, value) -> overrides.put(key, String.valueOf(value)));
		}
		return overrides;
	}

}
