package dev.patching.lifecycle.fuzz;

import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/** Orders a suite's classes as it was drawn. */
public class FuzzOrder implements ClassOrderer {

	private static volatile List<Class<?>> order = List.of();

	static void order(List<Class<?>> classes) {
		order = List.copyOf(classes);
	}

	@Override
	public void orderClasses(ClassOrdererContext context) {
		context.getClassDescriptors().sort(Comparator.comparingInt((ClassDescriptor descriptor) -> {
			int index = order.indexOf(descriptor.getTestClass());
			return (index < 0) ? Integer.MAX_VALUE : index;
		}));
	}

}
