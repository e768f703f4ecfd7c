package dev.patching.test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.patching.ConnectionAttempt;
import dev.patching.DnsLookup;
import dev.patching.core.DefaultPatchManager;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;


/**
 * One line per test class saying what its context's patches did: connects allowed, redirected,
 * blocked; names answered, passed to the system resolver, refused. Logged, and appended to
 * {@code patching.report.file} when set.
 */
final class PatchingReport {

	static final String BEAN_NAME = "patchingReport";

	private static final Log logger = LogFactory.getLog(PatchingReport.class);

	private final boolean enabled;

	private final String file;

	PatchingReport(boolean enabled, String file) {
		this.enabled = enabled;
		this.file = file;
	}

	void classFinished(Class<?> testClass, Instant started, DefaultPatchManager manager) {
		if (!this.enabled || !manager.isEnabled()) {
			return;
		}
		String line = summary(testClass, started, manager);
		logger.info(line);
		if (this.file != null && !this.file.isBlank()) {
			try {
				Path path = Path.of(this.file);
				if (path.getParent() != null) {
					Files.createDirectories(path.getParent());
				}
				Files.writeString(path, line + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
						StandardOpenOption.APPEND);
			}
			catch (IOException ex) {
				logger.warn("Could not append to patching.report.file=" + this.file + ": " + ex.getMessage());
			}
		}
	}

	static String summary(Class<?> testClass, Instant started, DefaultPatchManager manager) {
		Instant since = (started != null) ? started : Instant.MIN;
		List<ConnectionAttempt> connects = manager.connectionAttempts().stream().filter((a) -> !a.time().isBefore(since)).toList();
		List<DnsLookup> lookups = manager.dnsLookups().stream().filter((l) -> !l.time().isBefore(since)).toList();
		Map<ConnectionAttempt.Outcome, Long> byOutcome = connects.stream()
			.collect(Collectors.groupingBy(ConnectionAttempt::outcome, Collectors.counting()));
		Map<DnsLookup.Outcome, Long> byLookup = lookups.stream().collect(Collectors.groupingBy(DnsLookup::outcome, Collectors.counting()));
		return String.format("patching %-50s %s | connects: %d allowed, %d redirected, %d blocked | names: %d answered, %d system, %d refused",
				testClass.getSimpleName(), manager.patches(),
				byOutcome.getOrDefault(ConnectionAttempt.Outcome.ALLOWED, 0L),
				byOutcome.getOrDefault(ConnectionAttempt.Outcome.REDIRECTED, 0L),
				byOutcome.getOrDefault(ConnectionAttempt.Outcome.BLOCKED, 0L),
				byLookup.getOrDefault(DnsLookup.Outcome.ANSWERED, 0L), byLookup.getOrDefault(DnsLookup.Outcome.SYSTEM, 0L),
				byLookup.getOrDefault(DnsLookup.Outcome.REFUSED, 0L));
	}

}
