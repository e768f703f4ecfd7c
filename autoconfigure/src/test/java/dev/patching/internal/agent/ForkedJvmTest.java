package dev.patching.internal.agent;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The two ways of getting instrumentation, and the failure when there is none, each in a
 * fresh JVM of the JDK running the build ({@link ForkedHooksMain} installs, redirects one
 * loopback connect and uninstalls).
 */
class ForkedJvmTest {

	@TempDir
	Path temp;

	@Test
	void withoutAgentOrAttachTheFailureGivesTheJavaagentFix() throws Exception {
		Forked run = fork(List.of("-XX:+DisableAttachMechanism"));
		assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
		assertThat(run.stdout()).contains("source=null")
			.contains("could not get a java.lang.instrument.Instrumentation")
			.contains("\n\nLikely cause: ")
			.contains("<argLine>@{argLine} -javaagent:${dev.patching:patching-spring-boot-autoconfigure:jar}</argLine>")
			.contains("<goal>properties</goal>")
			.contains("-XX:+EnableDynamicAgentLoading");
	}

	@Test
	void withDynamicAgentLoadingDisabledTheFailureGivesTheJavaagentFix() throws Exception {
		assumeTrue(Runtime.version().feature() >= 21, "-XX:-EnableDynamicAgentLoading refuses attach from JDK 21");
		Forked run = fork(List.of("-XX:-EnableDynamicAgentLoading"));
		assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
		assertThat(run.stdout()).contains("-javaagent:${dev.patching:patching-spring-boot-autoconfigure:jar}");
	}

	@Test
	void selfTestFailureUninstallsAndNamesTheCause() throws Exception {
		assumeTrue(Runtime.version().feature() == 17, "jdk.net.usePlainSocketImpl exists on JDK 17 only");
		Forked run = fork(List.of("-javaagent:" + agentJar(), "-Djdk.net.usePlainSocketImpl=true"));
		assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
		assertThat(run.stdout()).contains("self-test a java.net.Socket connect to")
			.contains("the hooks were removed again")
			.contains("-Djdk.net.usePlainSocketImpl");
	}

	@Test
	void withJavaagentInstallsWithoutWarnings() throws Exception {
		Forked run = fork(List.of("-javaagent:" + agentJar()));
		assertThat(run.exitCode()).as(run.toString()).isZero();
		assertThat(run.stdout()).contains("source=javaagent", "redirected=true", "uninstalled=true");
		if (Runtime.version().feature() >= 21) {
			assertThat(run.stderr().lines()).as(run.toString()).noneMatch(line -> line.contains("WARNING"));
		}
	}

	@Test
	void withoutJavaagentSelfAttaches() throws Exception {
		Forked run = fork(List.of());
		assertThat(run.exitCode()).as(run.toString()).isZero();
		assertThat(run.stdout()).contains("source=self-attach", "redirected=true", "uninstalled=true");
	}

	/**
	 * A jar holding only a manifest that names our agent class (found on the class path).
	 */
	private Path agentJar() throws IOException {
		Manifest manifest = new Manifest();
		Attributes attributes = manifest.getMainAttributes();
		attributes.put(Attributes.Name.MANIFEST_VERSION, "1.0");
		attributes.putValue("Premain-Class", PatchingAgent.class.getName());
		attributes.putValue("Can-Retransform-Classes", "true");
		attributes.putValue("Can-Redefine-Classes", "true");
		Path jar = this.temp.resolve("patching-agent.jar");
		try (OutputStream out = Files.newOutputStream(jar);
				JarOutputStream ignored = new JarOutputStream(out, manifest)) {
			return jar;
		}
	}

	private Forked fork(List<String> jvmOptions) throws Exception {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(ForkedHooksMain.class.getName());
		Path stdout = this.temp.resolve("stdout-" + System.nanoTime());
		Path stderr = this.temp.resolve("stderr-" + System.nanoTime());
		Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile())
			.redirectError(stderr.toFile())
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
			.start();
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new AssertionError("forked JVM did not finish in 60 s: " + command);
		}
		return new Forked(command, process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
				Files.readString(stderr, StandardCharsets.UTF_8));
	}

	private record Forked(List<String> command, int exitCode, String stdout, String stderr) {

		@Override
		public String toString() {
			return String.join(" ", this.command) + "\nexit " + this.exitCode + "\n--- stdout\n" + this.stdout
					+ "--- stderr\n" + this.stderr;
		}

	}

}
