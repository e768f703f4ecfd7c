package dev.patching.internal.test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import dev.patching.ConnectionAttempt;
import dev.patching.DnsLookup;
import dev.patching.internal.core.DefaultPatchManager;
import dev.patching.internal.core.Recorder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * One line per test class saying what its context's patches did: connects allowed,
 * redirected, blocked; names answered, passed to the system resolver, refused. Logged,
 * and appended to {@code patching.report.file} when set.
 */
final class PatchingReport {

	private static final Log logger = LogFactory.getLog(PatchingReport.class);

	private final boolean enabled;

	private final @Nullable String file;

	PatchingReport(boolean enabled, @Nullable String file) {
		this.enabled = enabled;
		this.file = file;
	}

	void classFinished(Class<?> testClass, Recorder.Totals atStart, DefaultPatchManager manager) {
		if (!this.enabled) {
			return;
		}
		String line = summary(testClass, atStart, manager);
		logger.info(line);
		if (this.file != null && !this.file.isBlank()) {
			try {
				Path path = Path.of(this.file);
				if (path.getParent() != null) {
					Files.createDirectories(path.getParent());
				}
				Files.writeString(path, line + System.lineSeparator(), StandardCharsets.UTF_8,
						StandardOpenOption.CREATE, StandardOpenOption.APPEND);
			}
			catch (IOException ex) {
				logger.warn("Could not append to patching.report.file=" + this.file + ": " + ex.getMessage());
			}
		}
	}

	static String summary(Class<?> testClass, Recorder.Totals atStart, DefaultPatchManager manager) {
		String name = String.format("patching %-34s", testClass.getSimpleName());
		if (!manager.isEnabled()) {
			return name + " off: no patch in effect (patching.enabled=false or none switched on)";
		}
		Recorder.Totals seen = manager.totals().since(atStart);
		return String.format(
				"%s %s | connects: %d allowed, %d redirected, %d blocked | names: %d answered, %d system, %d refused",
				name, manager.patches(), seen.of(ConnectionAttempt.Outcome.ALLOWED),
				seen.of(ConnectionAttempt.Outcome.REDIRECTED), seen.of(ConnectionAttempt.Outcome.BLOCKED),
				seen.of(DnsLookup.Outcome.ANSWERED), seen.of(DnsLookup.Outcome.SYSTEM),
				seen.of(DnsLookup.Outcome.REFUSED));
	}

}
