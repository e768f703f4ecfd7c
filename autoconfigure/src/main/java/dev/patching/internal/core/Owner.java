package dev.patching.internal.core;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Who holds a {@link Lease}: a test class while it runs, one execution of a test method
 * inside it, a {@code @Nested} class inside its enclosing class. Owners form a tree: an
 * owner's lease may differ from its ancestors' (the inner one is in effect while it is
 * held), while owners that are not related may only hold leases on equal sets at the same
 * time.
 */
public class Owner {

	private final @Nullable Owner parent;

	private final String name;

	private final Map<String, String> overrides;

	public Owner(@Nullable Owner parent, String name) {
		this(parent, name, Map.of());
	}

	/**
	 * @param overrides the {@code patching.*} properties this owner layers on its
	 * context's own
	 */
	public Owner(@Nullable Owner parent, String name, Map<String, String> overrides) {
		this.parent = parent;
		this.name = name;
		this.overrides = Map.copyOf(overrides);
	}

	/** The enclosing owner; a top-level one has none. */
	public final @Nullable Owner parent() {
		return this.parent;
	}

	/** Whether {@code other} is this owner or one nested in it. */
	final boolean isAncestorOrSelfOf(Object other) {
		for (Object candidate = other; candidate instanceof Owner owner; candidate = owner.parent) {
			if (candidate == this) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether two owners may hold leases on different sets at once: the same owner, or
	 * one nested in the other. Any other object is an owner of its own, related only to
	 * itself.
	 */
	static boolean related(Object one, Object other) {
		if (one.equals(other)) {
			return true;
		}
		return (one instanceof Owner first && first.isAncestorOrSelfOf(other))
				|| (other instanceof Owner second && second.isAncestorOrSelfOf(one));
	}

	/**
	 * The {@code patching.*} properties this owner layers on its context's own (a test
	 * class's or method's {@code @PatchingOverride}, an override scope's map); none by
	 * default.
	 */
	public Map<String, String> overrides() {
		return this.overrides;
	}

	/**
	 * Whose records a connect or lookup made while this owner acts on a thread are: a
	 * test class's own (a test method's belong to its class).
	 */
	public Owner recordsFor() {
		return this;
	}

	@Override
	public String toString() {
		return this.name;
	}

}
