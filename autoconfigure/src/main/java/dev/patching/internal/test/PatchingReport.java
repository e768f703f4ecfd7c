package dev.patching.internal.test;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.CodeSource;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import dev.patching.ConnectionAttempt;
import dev.patching.DnsLookup;
import dev.patching.internal.core.DefaultPatchManager;
import dev.patching.internal.core.Recorder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.test.context.support.TestPropertySourceUtils;
import org.springframework.util.ClassUtils;

/**
 * One line per test class saying what its context's patches did: connects allowed,
 * redirected, blocked; names answered, passed to the system resolver, refused; then the
 * distinct destinations blocked, names refused and names passed to the system resolver
 * (with what it answered), a few of each. A class whose context failed to load gets a
 * line with the first line of the cause instead (after its counts, when it had a context
 * before that one failed). Logged, and appended to {@code patching.report.file} when set
 * — the same line; a file gets a header line (time, JDK, Spring Boot, process id) before
 * the first line this JVM writes to it (and again should the file be deleted meanwhile).
 * The header is not logged.
 * <p>
 * A class's records are those its context recorded between the class's start and end (a
 * context's classes running in parallel share theirs). When the context's record buffer
 * dropped some of them, the line says how many rather than listing fewer.
 * <p>
 * The settings ({@code patching.report.enabled}, {@code patching.report.file}) belong to
 * a context, but a class whose context failed has none. Its line goes where the failed
 * context's own settings say, when it got as far as reading them (it reads them first,
 * before any other {@code patching.*} value, so a bad value elsewhere still gets its
 * line); else where the class's inline properties ({@code @SpringBootTest(properties)},
 * {@code @TestPropertySource(properties)}) say; else it is only logged — a context that
 * fails before it reads them (in an {@code ApplicationContextInitializer}, or while
 * Spring Boot prepares its Environment), with the file set in
 * {@code application.properties} rather than inline. Files are written by one JVM-wide
 * writer, so lines of classes running in parallel never interleave and the header comes
 * once per file.
 */
final class PatchingReport {

	private static final Log logger = LogFactory.getLog(PatchingReport.class);

	private static final String ENABLED = "patching.report.enabled";

	private static final String FILE = "patching.report.file";

	/** How many distinct destinations or names a line lists of each kind. */
	static final int SHOWN = 3;

	private static final int CAUSE_LENGTH = 240;

	/**
	 * Files this JVM wrote a header to (absolute, normalized); guarded by itself, as are
	 * the writes.
	 */
	private static final Set<Path> HEADED = new HashSet<>();

	/**
	 * The first cause per failed context configuration: Spring does not try a failed one
	 * again.
	 */
	private static final Map<Object, String> FIRST_CAUSES = new ConcurrentHashMap<>();

	private static final @Nullable CodeSource OWN_CODE = PatchingReport.class.getProtectionDomain().getCodeSource();

	private final boolean enabled;

	private final @Nullable String file;

	PatchingReport(boolean enabled, @Nullable String file) {
		this.enabled = enabled;
		this.file = (file != null && !file.isBlank()) ? file : null;
	}

	/**
	 * The report settings of a context's Environment, read before anything else of
	 * {@code patching.*}; none when they cannot be read (the context then fails naming
	 * them).
	 */
	static @Nullable PatchingReport of(Environment environment) {
		try {
			Binder binder = Binder.get(environment);
			return new PatchingReport(binder.bind(ENABLED, Boolean.class).orElse(true),
					binder.bind(FILE, String.class).orElse(null));
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	/**
	 * The report of a class whose context read no settings: those of its inline
	 * properties, else the log only.
	 */
	static PatchingReport forClassWithoutContext(String @Nullable [] inlineProperties) {
		Map<String, Object> inline = (inlineProperties != null)
				? TestPropertySourceUtils.convertInlinedPropertiesToMap(inlineProperties) : Map.of();
		Object enabled = inline.get(ENABLED);
		Object file = inline.get(FILE);
		if (enabled != null || file != null) {
			return new PatchingReport(enabled == null || Boolean.parseBoolean(enabled.toString().trim()),
					(file != null) ? file.toString().trim() : null);
		}
		return new PatchingReport(true, null);
	}

	void classFinished(Class<?> testClass, Recorder.Mark atStart, DefaultPatchManager manager, Object reader,
			@Nullable String failure) {
		if (this.enabled) {
			String line = summary(testClass, atStart, manager, reader);
			write((failure != null) ? line + " | then its context failed to load: " + failure : line);
		}
	}

	void contextFailed(Class<?> testClass, String failure) {
		if (this.enabled) {
			write(failed(testClass, failure));
		}
	}

	private void write(String line) {
		logger.info(line);
		if (this.file != null) {
			append(Path.of(this.file), line);
		}
	}

	private static void append(Path path, String line) {
		Path key = path.toAbsolutePath().normalize();
		synchronized (HEADED) {
			try {
				if (key.getParent() != null) {
					Files.createDirectories(key.getParent());
				}
				String text = line + System.lineSeparator();
				boolean header = !HEADED.contains(key) || !Files.exists(key) || Files.size(key) == 0;
				if (header) {
					text = header() + System.lineSeparator() + text;
				}
				Files.writeString(key, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
						StandardOpenOption.APPEND);
				if (header) {
					HEADED.add(key);
				}
			}
			catch (IOException ex) {
				logger.warn("Could not append to " + FILE + "=" + path + ": " + ex.getMessage());
			}
		}
	}

	/**
	 * The line that opens a JVM's lines in a file: when, on which JDK and Spring Boot,
	 * which process.
	 */
	static String header() {
		// System.currentTimeMillis(), not OffsetDateTime.now(): the clock patch may be in
		// effect, and the header says when the file was really written.
		OffsetDateTime now = OffsetDateTime.ofInstant(Instant.ofEpochMilli(System.currentTimeMillis()),
				ZoneId.systemDefault());
		return "# patching report " + now.truncatedTo(ChronoUnit.SECONDS) + " | JDK "
				+ System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ") | Spring Boot "
				+ SpringBootVersion.getVersion() + " | pid " + ProcessHandle.current().pid();
	}

	/**
	 * A test class's name without its package; a {@code @Nested} class as
	 * {@code Outer.Inner}.
	 */
	static String name(Class<?> testClass) {
		return ClassUtils.getShortName(testClass);
	}

	static String summary(Class<?> testClass, Recorder.Mark atStart, DefaultPatchManager manager, Object reader) {
		String name = String.format("patching %-34s", name(testClass));
		if (!manager.isEnabled()) {
			return name + " off: no patch in effect (patching.enabled=false or none switched on)";
		}
		// Totals first: a record the slices then miss can only be one the ring dropped.
		Recorder.Totals all = manager.totals().since(atStart.totals());
		Recorder.Slice<ConnectionAttempt> connectionSlice = manager.connectionsSince(atStart, reader);
		Recorder.Slice<DnsLookup> lookupSlice = manager.lookupsSince(atStart, reader);
		List<ConnectionAttempt> connections = connectionSlice.records();
		List<DnsLookup> lookups = lookupSlice.records();
		// The class's own records and shared threads' when every one was kept; when the
		// ring dropped some, the context's totals (other classes' records included).
		boolean complete = connectionSlice.missing() == 0 && lookupSlice.missing() == 0;
		Recorder.Totals seen = complete ? Recorder.Totals.of(connections, lookups) : all;
		StringBuilder line = new StringBuilder(String.format(
				"%s %s | connects: %d allowed, %d redirected, %d blocked | names: %d answered, %d system, %d refused",
				name, manager.patches(), seen.of(ConnectionAttempt.Outcome.ALLOWED),
				seen.of(ConnectionAttempt.Outcome.REDIRECTED), seen.of(ConnectionAttempt.Outcome.BLOCKED),
				seen.of(DnsLookup.Outcome.ANSWERED), seen.of(DnsLookup.Outcome.SYSTEM),
				seen.of(DnsLookup.Outcome.REFUSED)));
		line.append(distinct("blocked", seen.of(ConnectionAttempt.Outcome.BLOCKED), "connects",
				connections.stream()
					.filter((attempt) -> attempt.outcome() == ConnectionAttempt.Outcome.BLOCKED)
					.toList(),
				PatchingReport::destination));
		line.append(distinct("faults", seen.of(ConnectionAttempt.Outcome.FAULT), "connects",
				connections.stream().filter((attempt) -> attempt.outcome() == ConnectionAttempt.Outcome.FAULT).toList(),
				(attempt) -> destination(attempt) + " " + attempt.fault()));
		line.append(distinct("refused", seen.of(DnsLookup.Outcome.REFUSED), "lookups",
				lookups.stream().filter((lookup) -> lookup.outcome() == DnsLookup.Outcome.REFUSED).toList(),
				DnsLookup::name));
		line.append(distinct("system", seen.of(DnsLookup.Outcome.SYSTEM), "lookups",
				lookups.stream().filter((lookup) -> lookup.outcome() == DnsLookup.Outcome.SYSTEM).toList(),
				PatchingReport::systemAnswer));
		long sharedConnects = connections.stream().filter(ConnectionAttempt::sharedThread).count();
		long sharedLookups = lookups.stream().filter(DnsLookup::sharedThread).count();
		if (sharedConnects + sharedLookups > 0) {
			line.append(" | from shared threads (counted for every class with these patches): ")
				.append(sharedConnects)
				.append(" connects, ")
				.append(sharedLookups)
				.append(" lookups");
		}
		return line.toString();
	}

	static String failed(Class<?> testClass, String cause) {
		return String.format("patching %-34s", name(testClass)) + " context failed to load: " + cause;
	}

	/**
	 * {@code " | blocked: a:1 (3×), b:2 (1×), c:3 (1×) and 2 more"}: the distinct keys of
	 * {@code records}, most frequent first (then first seen), or nothing when
	 * {@code total} is 0.
	 */
	private static <T> String distinct(String label, long total, String kind, List<T> records,
			Function<T, String> key) {
		if (total == 0) {
			return "";
		}
		Map<String, Integer> counts = new LinkedHashMap<>();
		for (T record : records) {
			counts.merge(key.apply(record), 1, Integer::sum);
		}
		List<Map.Entry<String, Integer>> entries = new ArrayList<>(counts.entrySet());
		entries.sort((a, b) -> Integer.compare(b.getValue(), a.getValue()));
		StringBuilder text = new StringBuilder(" | ").append(label).append(": ");
		for (int i = 0; i < Math.min(SHOWN, entries.size()); i++) {
			text.append((i > 0) ? ", " : "")
				.append(entries.get(i).getKey())
				.append(" (")
				.append(entries.get(i).getValue())
				.append("×)");
		}
		if (entries.size() > SHOWN) {
			text.append(" and ").append(entries.size() - SHOWN).append(" more");
		}
		long notKept = total - records.size();
		if (notKept > 0) {
			text.append((entries.isEmpty()) ? "" : "; ")
				.append(notKept)
				.append(" not kept (a context keeps its newest ")
				.append(Recorder.CAPACITY)
				.append(" ")
				.append(kind)
				.append(")");
		}
		return text.toString();
	}

	/** {@code host:port} as the caller asked for it; an IPv6 literal in brackets. */
	private static String destination(ConnectionAttempt attempt) {
		String host = attempt.host();
		return ((host.indexOf(':') >= 0) ? "[" + host + "]" : host) + ":" + attempt.port();
	}

	/**
	 * {@code name [127.0.0.1, ::1]}, {@code name [failed: reason]}, or
	 * {@code name [not seen]} (Netty's resolver).
	 */
	private static String systemAnswer(DnsLookup lookup) {
		String name = lookup.name();
		String reason = lookup.systemFailure();
		if (reason != null) {
			if (reason.startsWith(name + ": ")) {
				reason = reason.substring(name.length() + 2);
			}
			return name + " [failed: " + oneLine(reason) + "]";
		}
		if (lookup.systemAnswers().isEmpty()) {
			return name + " [not seen]";
		}
		return name + " " + lookup.systemAnswers().stream().map(InetAddress::getHostAddress).toList();
	}

	/**
	 * Whether a test's failure is Spring's "could not load the context" (first attempt,
	 * or a later one it skipped).
	 */
	static boolean isContextLoadFailure(@Nullable Throwable failure) {
		String message = (failure != null) ? failure.getMessage() : null;
		return failure instanceof IllegalStateException && message != null
				&& (message.startsWith("Failed to load ApplicationContext") || isThresholdExceeded(failure));
	}

	private static boolean isThresholdExceeded(Throwable failure) {
		String message = failure.getMessage();
		return failure instanceof IllegalStateException && message != null
				&& message.startsWith("ApplicationContext failure threshold");
	}

	/**
	 * The first line of what made a context fail, trimmed: the message of the outermost
	 * exception the library itself threw (written to be read), else of the root-most
	 * cause that has one, with its type. When Spring skips a context that failed before,
	 * the cause it failed with then.
	 * @param config the context's configuration (none when unknown)
	 */
	static String cause(Throwable failure, @Nullable Object config) {
		if (isThresholdExceeded(failure) && config != null && FIRST_CAUSES.containsKey(config)) {
			return FIRST_CAUSES.get(config) + " (not tried again)";
		}
		List<Throwable> chain = new ArrayList<>();
		for (Throwable cause = failure; cause != null && !chain.contains(cause); cause = cause.getCause()) {
			chain.add(cause);
		}
		Throwable chosen = null;
		for (Throwable cause : chain) {
			if (isOwn(cause) && hasMessage(cause)) {
				chosen = cause;
				break;
			}
		}
		for (int i = chain.size() - 1; chosen == null && i >= 0; i--) {
			if (hasMessage(chain.get(i))) {
				chosen = chain.get(i);
			}
		}
		if (chosen == null) {
			chosen = chain.get(chain.size() - 1);
		}
		String message = chosen.getMessage();
		String text = chosen.getClass().getSimpleName()
				+ ((message != null && !message.isBlank()) ? ": " + oneLine(message) : "");
		if (config != null && !isThresholdExceeded(failure)) {
			FIRST_CAUSES.putIfAbsent(config, text);
		}
		return text;
	}

	private static boolean isOwn(Throwable throwable) {
		return OWN_CODE != null && throwable.getClass().getName().startsWith("dev.patching.")
				&& OWN_CODE.equals(throwable.getClass().getProtectionDomain().getCodeSource());
	}

	private static boolean hasMessage(Throwable throwable) {
		return throwable.getMessage() != null && !throwable.getMessage().isBlank();
	}

	private static String oneLine(String message) {
		String line = message.strip().lines().findFirst().orElse("").strip();
		return (line.length() > CAUSE_LENGTH) ? line.substring(0, CAUSE_LENGTH - 1) + "…" : line;
	}

}
