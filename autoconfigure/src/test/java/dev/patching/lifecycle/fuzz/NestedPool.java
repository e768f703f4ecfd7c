package dev.patching.lifecycle.fuzz;

import java.util.List;

import org.junit.jupiter.api.Nested;

import org.springframework.test.context.TestPropertySource;

/**
 * Outer classes with two {@code @Nested} classes each: one with the outer configuration,
 * one with its own set (the outer set's label plus "n"). Written out because a nested
 * class takes its configuration from the class that declares it, so it cannot be derived
 * at run time. Two per pooled set, so that a suite may draw two.
 */
public final class NestedPool {

	private NestedPool() {
	}

	/** The outer classes of set {@code label}. */
	static List<Class<?>> outers(String label) {
		return switch (label) {
			case "A" -> List.of(A1.class, A2.class);
			case "B" -> List.of(B1.class, B2.class);
			case "C" -> List.of(C1.class, C2.class);
			case "D" -> List.of(D1.class, D2.class);
			case "Z" -> List.of(Z1.class, Z2.class);
			default -> throw new IllegalArgumentException(label);
		};
	}

	/** Registers the roles of an outer class and its nested classes. */
	static void register(Class<?> outer, String label) {
		FuzzJournal.role(outer, new FuzzJournal.Role(label, false, false));
		for (Class<?> nested : outer.getDeclaredClasses()) {
			String own = nested.getSimpleName().equals("Own") ? label + "n" : label;
			FuzzJournal.role(nested, new FuzzJournal.Role(own, false, false));
		}
	}

	@FuzzSets.SetA
	public static class A1 extends FuzzBases.Boot {

		@Nested
		class Same extends FuzzBases.Methods {

		}

		@Nested
		@TestPropertySource(properties = { "patching.system-properties[fz.set]=An", "fz.expect=An", "fz.ctx=An.0" })
		class Own extends FuzzBases.Methods {

		}

	}

	@FuzzSets.SetA
	public static class A2 extends FuzzBases.Boot {

		@Nested
		class Same extends FuzzBases.Methods {

		}

		@Nested
		@TestPropertySource(properties = { "patching.system-properties[fz.set]=An", "fz.expect=An", "fz.ctx=An.0" })
		class Own extends FuzzBases.Methods {

		}

	}

	@FuzzSets.SetB
	public static class B1 extends FuzzBases.Boot {

		@Nested
		class Same extends FuzzBases.Methods {

		}

		@Nested
		@TestPropertySource(properties = { "patching.system-properties[fz.set]=Bn", "fz.expect=Bn", "fz.ctx=Bn.0" })
		class Own extends FuzzBases.Methods {

		}

	}

	@FuzzSets.SetB
	public static class B2 extends FuzzBases.Boot {

		@Nested
		class Same extends FuzzBases.Methods {

		}

		@Nested
		@TestPropertySource(properties = { "patching.system-properties[fz.set]=Bn", "fz.expect=Bn", "fz.ctx=Bn.0" })
		class Own extends FuzzBases.Methods {

		}

	}

	@FuzzSets.SetC
	public static class C1 extends FuzzBases.Boot {

		@Nested
		class Same extends FuzzBases.Methods {

		}

		@Nested
		@TestPropertySource(properties = { "patching.system-properties[fz.set]=Cn", "fz.expect=Cn", "fz.ctx=Cn.0" })
		class Own extends FuzzBases.Methods {

		}

	}

	@FuzzSets.SetC
	public static class C2 extends FuzzBases.Boot {

		@Nested
		class Same extends FuzzBases.Methods {

		}

		@Nested
		@TestPropertySource(properties = { "patching.system-properties[fz.set]=Cn", "fz.expect=Cn", "fz.ctx=Cn.0" })
		class Own extends FuzzBases.Methods {

		}

	}

	@FuzzSets.SetD
	public static class D1 extends FuzzBases.Boot {

		@Nested
		class Same extends FuzzBases.Methods {

		}

		@Nested
		@TestPropertySource(properties = { "patching.system-properties[fz.set]=Dn", "fz.expect=Dn", "fz.ctx=Dn.0" })
		class Own extends FuzzBases.Methods {

		}

	}

	@FuzzSets.SetD
	public static class D2 extends FuzzBases.Boot {

		@Nested
		class Same extends FuzzBases.Methods {

		}

		@Nested
		@TestPropertySource(properties = { "patching.system-properties[fz.set]=Dn", "fz.expect=Dn", "fz.ctx=Dn.0" })
		class Own extends FuzzBases.Methods {

		}

	}

	@FuzzSets.SetZ
	public static class Z1 extends FuzzBases.Boot {

		@Nested
		class Same extends FuzzBases.Methods {

		}

		@Nested
		@TestPropertySource(properties = { "patching.system-properties[fz.set]=Zn", "fz.expect=Zn", "fz.ctx=Zn.0" })
		class Own extends FuzzBases.Methods {

		}

	}

	@FuzzSets.SetZ
	public static class Z2 extends FuzzBases.Boot {

		@Nested
		class Same extends FuzzBases.Methods {

		}

		@Nested
		@TestPropertySource(properties = { "patching.system-properties[fz.set]=Zn", "fz.expect=Zn", "fz.ctx=Zn.0" })
		class Own extends FuzzBases.Methods {

		}

	}

}
