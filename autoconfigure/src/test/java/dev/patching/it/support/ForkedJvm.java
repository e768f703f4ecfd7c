package dev.patching.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts {@code java} with this JVM's class path, for settings and flags fixed per JVM.
 */
public final class ForkedJvm {

	private ForkedJvm() {
	}

	public record Result(int exitCode, String output) {

	}

	public static Result run(List<String> jvmArgs, String mainClass, String... args)
			throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmArgs);
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(mainClass);
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		process.getOutputStream().close();
		byte[] out = process.getInputStream().readAllBytes();
		if (!process.waitFor(3, TimeUnit.MINUTES)) {
			process.destroyForcibly();
			throw new IllegalStateException("forked JVM did not finish: " + command);
		}
		return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
	}

}
