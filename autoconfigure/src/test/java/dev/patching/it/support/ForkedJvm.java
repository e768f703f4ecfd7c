package dev.patching.it.support;

import java.io.File;
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
		return run(jvmArgs, List.of(), mainClass, args);
	}

	/**
	 * Runs with {@code extraClassPath} after this JVM's class path (classes or service
	 * files only the forked JVM should see).
	 */
	public static Result run(List<String> jvmArgs, List<Path> extraClassPath, String mainClass, String... args)
			throws IOException, InterruptedException {
		StringBuilder classPath = new StringBuilder(System.getProperty("java.class.path"));
		for (Path entry : extraClassPath) {
			classPath.append(File.pathSeparator).append(entry);
		}
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmArgs);
		command.add("-cp");
		command.add(classPath.toString());
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
