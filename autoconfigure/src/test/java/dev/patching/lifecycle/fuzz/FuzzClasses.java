package dev.patching.lifecycle.fuzz;

import java.lang.annotation.Annotation;
import java.lang.invoke.MethodHandles;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.patching.lifecycle.fuzz.FuzzSuite.Feature;
import dev.patching.lifecycle.fuzz.FuzzSuite.Kind;
import dev.patching.lifecycle.fuzz.FuzzSuite.Spec;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import org.junit.jupiter.api.TestInstance;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.ContextHierarchy;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.junit.jupiter.DisabledIf;
import org.springframework.test.context.junit.jupiter.EnabledIf;

/**
 * Derives a suite's test classes from {@link FuzzBases} with Byte Buddy (no compiler at
 * run time): each is a three-line subclass carrying its set's properties and features as
 * annotations. {@code @Nested} classes come from {@link NestedPool}.
 */
final class FuzzClasses {

	/** Keeps names unique when a seed runs twice in one JVM. */
	private static final AtomicInteger RUNS = new AtomicInteger();

	private FuzzClasses() {
	}

	/** The suite's top-level classes, in its order, with their roles registered. */
	static List<Class<?>> make(FuzzSuite suite) {
		int run = RUNS.incrementAndGet();
		List<Class<?>> classes = new ArrayList<>();
		for (Spec spec : suite.classes()) {
			Class<?> made = (spec.kind() == Kind.NESTED) ? NestedPool.outers(spec.label()).get(spec.variant() - 1)
					: derive(spec, "S" + suite.seed() + "r" + run + "_" + spec.name());
			if (spec.kind() == Kind.NESTED) {
				NestedPool.register(made, spec.label());
			}
			else {
				FuzzJournal.role(made, new FuzzJournal.Role(spec.label(), spec.kind() == Kind.PLAIN,
						spec.feature() == Feature.ABORTS_IN_BEFORE_ALL));
			}
			classes.add(made);
		}
		return classes;
	}

	private static Class<?> derive(Spec spec, String simpleName) {
		Class<?> base = switch (spec.kind()) {
			case PLAIN -> FuzzBases.Plain.class;
			case BOOT -> FuzzBases.Boot.class;
			case HIERARCHY -> FuzzBases.Hierarchy.class;
			case NESTED -> throw new IllegalArgumentException("pooled");
		};
		DynamicType.Builder<?> builder = new ByteBuddy().subclass(base)
			.name(FuzzClasses.class.getPackageName() + "." + simpleName);
		List<AnnotationDescription> annotations = new ArrayList<>();
		if (spec.kind() == Kind.BOOT) {
			annotations.add(properties(spec));
		}
		if (spec.kind() == Kind.HIERARCHY) {
			annotations.add(hierarchy(spec));
		}
		if (spec.perClass()) {
			annotations.add(AnnotationDescription.Builder.ofType(TestInstance.class)
				.define("value", TestInstance.Lifecycle.PER_CLASS)
				.build());
		}
		feature(spec.feature()).ifPresent(annotations::add);
		try {
			return builder.annotateType(annotations)
				.make()
				.load(base.getClassLoader(),
						ClassLoadingStrategy.UsingLookup
							.of(MethodHandles.privateLookupIn(base, MethodHandles.lookup())))
				.getLoaded();
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static AnnotationDescription properties(Spec spec) {
		List<String> properties = new ArrayList<>(Arrays.asList(FuzzSets.properties(spec.label())));
		properties.add("fz.ctx=" + spec.context());
		if (spec.feature() == Feature.FAILS_TO_START) {
			properties.add("fz.fail=true");
		}
		return AnnotationDescription.Builder.ofType(TestPropertySource.class)
			.defineArray("properties", properties.toArray(String[]::new))
			.build();
	}

	private static AnnotationDescription hierarchy(Spec spec) {
		return AnnotationDescription.Builder.ofType(ContextHierarchy.class)
			.defineAnnotationArray("value", TypeDescription.ForLoadedType.of(ContextConfiguration.class),
					level("parent", initializer("Parent", spec.parent())),
					level("child", initializer("Child", spec.label())))
			.build();
	}

	private static AnnotationDescription level(String name, Class<?> initializer) {
		return AnnotationDescription.Builder.ofType(ContextConfiguration.class)
			.define("name", name)
			.defineTypeArray("classes", FuzzApp.class)
			.defineTypeArray("initializers", initializer)
			.build();
	}

	private static Class<?> initializer(String level, String label) {
		try {
			return Class.forName(FuzzApp.class.getName() + "$" + level + label);
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalArgumentException("no " + level + " initializer for set " + label, ex);
		}
	}

	private static java.util.Optional<AnnotationDescription> feature(Feature feature) {
		return java.util.Optional.ofNullable(switch (feature) {
			case DIRTIES_AFTER_CLASS -> dirties(DirtiesContext.ClassMode.AFTER_CLASS);
			case DIRTIES_BEFORE_CLASS -> dirties(DirtiesContext.ClassMode.BEFORE_CLASS);
			case DIRTIES_AFTER_EACH_METHOD -> dirties(DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD);
			case DIRTIES_BEFORE_EACH_METHOD -> dirties(DirtiesContext.ClassMode.BEFORE_EACH_TEST_METHOD);
			case DISABLED_IF_LOADING_CONTEXT -> condition(DisabledIf.class, "true");
			case ENABLED_IF_TRUE_LOADING_CONTEXT -> condition(EnabledIf.class, "true");
			case ENABLED_IF_FALSE_LOADING_CONTEXT -> condition(EnabledIf.class, "false");
			default -> null;
		});
	}

	private static AnnotationDescription dirties(DirtiesContext.ClassMode mode) {
		return AnnotationDescription.Builder.ofType(DirtiesContext.class).define("classMode", mode).build();
	}

	private static AnnotationDescription condition(Class<? extends Annotation> type, String expression) {
		return AnnotationDescription.Builder.ofType(type)
			.define("expression", expression)
			.define("loadContext", true)
			.build();
	}

}
