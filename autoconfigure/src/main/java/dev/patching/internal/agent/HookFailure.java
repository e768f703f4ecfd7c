package dev.patching.internal.agent;

import dev.patching.HookInstallationException;

/**
 * What the agent's failures have in common: the JVM they happened on, the
 * {@code -javaagent} recipe, and putting back what was installed before the failure is
 * thrown.
 */
final class HookFailure {

	/**
	 * How to give patching its instrumentation from the start (the fix when it cannot
	 * attach).
	 */
	static final String JAVAAGENT_RECIPE = """
			Start the test JVM with patching's jar as a Java agent. With Maven, have the \
			maven-dependency-plugin 'properties' goal expose the jar's path, then pass it to \
			surefire (and failsafe):
			  <plugin>
			    <artifactId>maven-dependency-plugin</artifactId>
			    <executions><execution><goals><goal>properties</goal></goals></execution></executions>
			  </plugin>
			  <plugin>
			    <artifactId>maven-surefire-plugin</artifactId>
			    <configuration>
			      <argLine>@{argLine} -javaagent:${dev.patching:patching-spring-boot-autoconfigure:jar}</argLine>
			    </configuration>
			  </plugin>
			Or, on JDK 21+, allow run-time agent loading with -XX:+EnableDynamicAgentLoading \
			(and do not pass -XX:+DisableAttachMechanism).""";

	private HookFailure() {
	}

	/** Describes this JVM for messages, e.g. {@code JDK 25.0.3 (Eclipse Adoptium)}. */
	static String jdk() {
		return "JDK " + Runtime.version() + " (" + System.getProperty("java.vm.vendor") + ")";
	}

	static HookInstallationException noInstrumentation(Throwable cause) {
		return new HookInstallationException(
				"patching could not get a java.lang.instrument.Instrumentation on " + jdk()
						+ ", so it cannot install its socket and DNS hooks: " + cause.getMessage(),
				"no -javaagent was given and this JVM refused a run-time attach (JDK 21+ with "
						+ "-XX:-EnableDynamicAgentLoading, -XX:+DisableAttachMechanism, or a runtime "
						+ "image without the jdk.attach module).",
				JAVAAGENT_RECIPE, cause);
	}

	/**
	 * Runs {@code reset} for a failure that is about to be thrown: whatever the reset
	 * throws is added to the failure as suppressed, so the failure itself always reaches
	 * the caller.
	 * @return the failure, to throw
	 */
	static <T extends Throwable> T resetting(T failure, Runnable reset) {
		try {
			reset.run();
		}
		catch (RuntimeException ex) {
			failure.addSuppressed(ex);
		}
		return failure;
	}

}
