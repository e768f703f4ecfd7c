package dev.patching.lifecycle.fuzz;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs seeds of one context cache setting in forked JVMs ({@link FuzzMain}), watching
 * each suite: a suite that hangs is killed and reported, and a JVM that a suite left
 * unfit is replaced for the seeds after it.
 */
final class FuzzForks {

	/**
	 * Backs up the forked JVM's own watchdog ({@link FuzzMain#STALL_MILLIS}): a suite
	 * still running after this is killed.
	 */
	static final long HANG_SECONDS = 30 + Long.getLong("fuzz.stallSeconds", 30);

	/** What became of one seed. */
	record Verdict(long seed, boolean passed, long millis, String report) {

	}

	private FuzzForks() {
	}

	static List<Verdict> run(FuzzSuite.Cache cache, List<Long> seeds, long deadline, int maxFailures) throws Exception {
		List<Verdict> verdicts = new ArrayList<>();
		Deque<Long> remaining = new ArrayDeque<>(seeds);
		while (!remaining.isEmpty() && System.currentTimeMillis() < deadline && failures(verdicts) < maxFailures) {
			runOneJvm(cache, remaining, deadline, maxFailures, verdicts);
		}
		return verdicts;
	}

	private static long failures(List<Verdict> verdicts) {
		return verdicts.stream().filter((verdict) -> !verdict.passed()).count();
	}

	/**
	 * Runs seeds from {@code remaining} in one JVM until it ends; removes the seeds it
	 * ran.
	 */
	private static void runOneJvm(FuzzSuite.Cache cache, Deque<Long> remaining, long deadline, int maxFailures,
			List<Verdict> verdicts) throws Exception {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
		command.addAll(cache.jvmArgs());
		command.add("-Dfuzz.stallSeconds=" + Long.getLong("fuzz.stallSeconds", 30));
		command.add("-Dfuzz.fullStacks=" + Boolean.getBoolean("fuzz.fullStacks"));
		command.add("-Dfuzz.parallelEviction=" + FuzzSuite.parallelEviction());
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), FuzzMain.class.getName(),
				String.valueOf(deadline)));
		remaining.forEach((seed) -> command.add(String.valueOf(seed)));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		process.getOutputStream().close();
		BlockingQueue<String> lines = new LinkedBlockingQueue<>();
		Thread reader = new Thread(() -> pump(process, lines), "fuzz-fork-output");
		reader.setDaemon(true);
		reader.start();
		Deque<String> recent = new ArrayDeque<>();
		StringBuilder report = new StringBuilder();
		Long running = null;
		long begun = System.nanoTime();
		try {
			while (true) {
				String line = lines.poll(1, TimeUnit.SECONDS);
				if (line == null) {
					if (running != null && System.nanoTime() - begun > TimeUnit.SECONDS.toNanos(HANG_SECONDS)) {
						verdicts.add(new Verdict(running, false, HANG_SECONDS * 1000,
								FuzzSuite.generate(running).describe() + "\nviolations:\n  - the suite hung for "
										+ HANG_SECONDS + " s; last output:\n" + String.join("\n", recent)));
						remaining.remove(running);
						return;
					}
					if (!process.isAlive() && lines.isEmpty() && !reader.isAlive()) {
						if (running != null) {
							verdicts.add(new Verdict(running, false, 0,
									FuzzSuite.generate(running).describe()
											+ "\nviolations:\n  - the JVM ended during the suite (exit "
											+ process.exitValue() + "); last output:\n" + String.join("\n", recent)));
							remaining.remove(running);
						}
						else if (process.exitValue() != 0 && process.exitValue() != 3 && process.exitValue() != 4) {
							throw new IllegalStateException("fuzz JVM failed (exit " + process.exitValue() + "):\n"
									+ String.join("\n", recent));
						}
						return;
					}
					continue;
				}
				if (!line.startsWith("FUZZ ")) {
					recent.addLast(line);
					if (recent.size() > 40) {
						recent.removeFirst();
					}
					continue;
				}
				String[] words = line.split(" ", 4);
				switch (words[1]) {
					case "BEGIN" -> {
						running = Long.parseLong(words[2]);
						begun = System.nanoTime();
						report.setLength(0);
						recent.clear();
					}
					case "REPORT" -> report.append(words.length > 3 ? words[3] : "").append('\n');
					case "PASS", "FAIL" -> {
						boolean passed = words[1].equals("PASS");
						verdicts.add(new Verdict(running, passed, Long.parseLong(words[3]), report.toString()));
						remaining.remove(running);
						running = null;
						if (!passed && failures(verdicts) >= maxFailures) {
							return;
						}
					}
					case "WARMUP" -> recent.addLast(line);
					default -> {
						// TAINTED and DONE: the JVM ends by itself
					}
				}
			}
		}
		finally {
			if (process.isAlive()) {
				process.destroyForcibly();
				process.waitFor(10, TimeUnit.SECONDS);
			}
		}
	}

	private static void pump(Process process, BlockingQueue<String> lines) {
		try (BufferedReader in = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = in.readLine(); line != null; line = in.readLine()) {
				lines.add(line);
			}
		}
		catch (IOException ex) {
			lines.add("(output ended: " + ex + ")");
		}
	}

}
