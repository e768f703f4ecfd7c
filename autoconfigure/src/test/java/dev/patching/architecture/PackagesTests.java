package dev.patching.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package picture of the README: what each part of the library may import. The main
 * classes only; tests and benchmarks may use anything.
 */
@AnalyzeClasses(packages = "dev.patching", importOptions = ImportOption.DoNotIncludeTests.class)
class PackagesTests {

	private static final String API = "dev.patching";

	private static final String INTERNAL = "dev.patching.internal..";

	private static final String CORE = "dev.patching.internal.core..";

	private static final String AGENT = "dev.patching.internal.agent..";

	private static final String NET = "dev.patching.internal.net..";

	private static final String SOCKET = "dev.patching.internal.socket..";

	private static final String DNS = "dev.patching.internal.dns..";

	private static final String NETWORK = "dev.patching.internal.network..";

	private static final String SYSTEM = "dev.patching.internal.system..";

	private static final String CONFIG = "dev.patching.internal.config..";

	private static final String TEST = "dev.patching.internal.test..";

	private static final String SPRING = "org.springframework..";

	@ArchTest
	static final ArchRule theApiImportsNothingInternal = noClasses().that()
		.resideInAPackage(API)
		.should()
		.dependOnClassesThat()
		.resideInAPackage(INTERNAL)
		.because("users see dev.patching only; everything under dev.patching.internal may change in any release");

	@ArchTest
	static final ArchRule theAgentImportsNeitherSpringNorThePatches = noClasses().that()
		.resideInAPackage(AGENT)
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage(SPRING, CORE, NET, SOCKET, DNS, NETWORK, SYSTEM, CONFIG, TEST)
		.because("the hooks are installed into the JDK and may hold no Spring type nor any policy");

	@ArchTest
	static final ArchRule thePatchesKnowNothingOfSpringOrTheTestLifecycle = noClasses().that()
		.resideInAnyPackage(NET, SOCKET, DNS, NETWORK, SYSTEM)
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage(SPRING, CONFIG, TEST)
		.because("a patch is plain JDK code; binding properties and following test classes are other parts' work");

	@ArchTest
	static final ArchRule coreKnowsNothingOfThePatchesTheAgentOrSpring = noClasses().that()
		.resideInAPackage(CORE)
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage(SPRING, AGENT, NET, SOCKET, DNS, NETWORK, SYSTEM, CONFIG, TEST)
		.because("core keeps leases and patch sets; it reaches the hooks an entry needs through EntryHooks only");

	@ArchTest
	static final ArchRule noPackageCycles = slices().assignedFrom(new EachPackage()).should().beFreeOfCycles();

	/** Every package of the library is a slice of its own, the API included. */
	static final class EachPackage implements SliceAssignment {

		@Override
		public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
			String name = javaClass.getPackageName();
			return (name.equals(API) || name.startsWith(API + ".")) ? SliceIdentifier.of(name)
					: SliceIdentifier.ignore();
		}

		@Override
		public String getDescription() {
			return "each package of dev.patching";
		}

	}

}
