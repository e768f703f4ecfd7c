package dev.patching.internal.agent;

/**
 * The JVM hooks could not be installed, verified or removed. The message says what failed, then,
 * after a blank line, the likely cause and the fix. Never thrown while a hook is half in place:
 * whatever was installed has been reset by the time a caller sees this.
 */
public class HookInstallationException extends IllegalStateException {

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

	HookInstallationException(String whatFailed, String likelyCause, String fix) {
		this(whatFailed, likelyCause, fix, null);
	}

	HookInstallationException(String whatFailed, String likelyCause, String fix, Throwable cause) {
		super(whatFailed + "\n\nLikely cause: " + likelyCause + "\n\nFix: " + fix, cause);
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

}
