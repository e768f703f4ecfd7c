package dev.patching.it.support;

import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/** Orders scenario classes as {@link Scenarios#run} was given them. */
public class OrderedAsGiven implements ClassOrderer {

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
