package dev.patching.architecture;

import java.util.Set;
import java.util.TreeSet;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public API is exactly this list: every type a user may write or catch. A new public
 * type outside {@code dev.patching.internal} fails here until it is either added to the
 * list (and to the README's API list) or moved under {@code dev.patching.internal}.
 */
class PublicApiTests {

	static final Set<String> API = Set.of(
			// What a user writes
			"dev.patching.PatchManager", "dev.patching.Patch", "dev.patching.PatchContext", "dev.patching.Unpatch",
			"dev.patching.PatchingTestExecutionListener", "dev.patching.TimeControl", "dev.patching.PatchingOverride",
			"dev.patching.NoNetwork", "dev.patching.PatchScope", "dev.patching.PatchingExtension",
			// What the patches recorded
			"dev.patching.ConnectionAttempt", "dev.patching.ConnectionAttempt$Outcome", "dev.patching.DnsLookup",
			"dev.patching.DnsLookup$Outcome",
			// What a user catches or reads in a failure
			"dev.patching.PatchFailedException", "dev.patching.PatchingConfigurationException",
			"dev.patching.ConnectionBlockedException", "dev.patching.NameRefusedException",
			"dev.patching.PatchWaitTimeoutException", "dev.patching.HookInstallationException",
			"dev.patching.SystemExitException");

	private static final JavaClasses MAIN = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.patching");

	@Test
	void thePublicTypesOutsideInternalAreExactlyTheApi() {
		Set<String> published = new TreeSet<>();
		for (JavaClass type : MAIN) {
			if (isVisibleToUsers(type) && !type.getPackageName().startsWith("dev.patching.internal")) {
				published.add(type.getName());
			}
		}
		assertThat(published)
			.as("public types outside dev.patching.internal; a new one is either API (add it to PublicApiTests.API "
					+ "and the README) or internal (move it under dev.patching.internal)")
			.containsExactlyInAnyOrderElementsOf(API);
	}

	@Test
	void everyApiTypeIsInTheApiPackage() {
		assertThat(API).allSatisfy((name) -> assertThat(name).startsWith("dev.patching.").doesNotContain(".internal."));
		assertThat(API).allSatisfy((name) -> assertThat(name.substring("dev.patching.".length())).doesNotContain("."));
	}

	/** Public, and so are all the types it is nested in. */
	private static boolean isVisibleToUsers(JavaClass type) {
		for (JavaClass current = type; current != null; current = current.getEnclosingClass().orElse(null)) {
			if (!current.getModifiers().contains(JavaModifier.PUBLIC)) {
				return false;
			}
		}
		return !type.isAnonymousClass() && !type.isLocalClass();
	}

}
