package dev.patching.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the packaged {@code benchmarks.jar} the way a user does, every benchmark for 100
 * ms in one JVM ({@code -f 0}), and checks that each produced a score. It proves the jar
 * and every benchmark's setup work (including the checks the setups make); its numbers
 * mean nothing.
 */
class BenchmarksJarSmokeIT {

	static final List<String> BENCHMARKS = List.of("SwitchBenchmark.switchPatchSets",
			"SwitchBenchmark.mockitoStaticOpenClose", "ConnectHookBenchmark.passThrough",
			"ConnectHookBenchmark.passThroughUnrecorded", "ConnectHookBenchmark.redirect", "ConnectHookBenchmark.block",
			"DnsBenchmark.tableAnswer", "DnsBenchmark.jdkCacheHit", "LoopbackConnectBenchmark.unpatched",
			"LoopbackConnectBenchmark.patchedPassThrough", "ClockBenchmark.patched", "ClockBenchmark.unpatched",
			"ClockSwitchBenchmark.enterAndLeaveAClockedClass", "RefusalBenchmark.refusedDatagram",
			"RefusalBenchmark.refusedReverseLookup", "OverrideBenchmark.methodWithOverride",
			"OverrideBenchmark.methodWithoutOverride", "OverrideBenchmark.deriveOverrideSet");

	private static final Pattern RESULT = Pattern.compile(
			"\"benchmark\"\\s*:\\s*\"dev\\.patching\\.benchmarks\\.([\\w.]+)\".*?\"primaryMetric\"\\s*:\\s*\\{\\s*\"score\"\\s*:\\s*([0-9.Ee+-]+|\"NaN\")",
			Pattern.DOTALL);

	@Test
	void everyBenchmarkInTheJarProducesAScore(@TempDir Path dir) throws IOException, InterruptedException {
		Path jar = Paths.get(System.getProperty("benchmarks.jar", "target/benchmarks.jar"));
		assertThat(jar).isRegularFile();
		Path json = dir.resolve("smoke.json");
		Path log = dir.resolve("smoke.log");
		Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
		Process process = new ProcessBuilder(java.toString(), "-XX:+EnableDynamicAgentLoading",
				"-Dnet.bytebuddy.safe=true", "-jar", jar.toString(), "-f", "0", "-wi", "1", "-i", "1", "-w", "100ms",
				"-r", "100ms", "-foe", "true", "-rf", "json", "-rff", json.toString())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		boolean finished = process.waitFor(3, TimeUnit.MINUTES);
		if (!finished) {
			process.destroyForcibly();
		}
		String output = Files.readString(log);
		assertThat(finished).as("the smoke pass finished within 3 minutes; output:%n%s", output).isTrue();
		assertThat(process.exitValue()).as("exit code of the smoke pass; output:%n%s", output).isZero();
		Map<String, Double> scores = new LinkedHashMap<>();
		Matcher matcher = RESULT.matcher(Files.readString(json));
		while (matcher.find()) {
			String score = matcher.group(2);
			scores.put(matcher.group(1), score.startsWith("\"") ? Double.NaN : Double.parseDouble(score));
		}
		assertThat(scores.keySet()).as("benchmarks with a result; output:%n%s", output).containsAll(BENCHMARKS);
		assertThat(scores).allSatisfy((name, score) -> assertThat(score).as(name).isPositive());
	}

}
