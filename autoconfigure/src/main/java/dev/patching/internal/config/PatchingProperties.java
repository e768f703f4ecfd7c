package dev.patching.internal.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code patching.*} properties of one test context. Bound from the context's
 * Environment before its first bean is created.
 */
@ConfigurationProperties("patching")
public class PatchingProperties {

	/**
	 * Whether to apply this context's patches at all (the master switch).
	 */
	private boolean enabled = true;

	/**
	 * System properties to set while the context's patches are in effect; restored
	 * afterwards (a property that was absent is removed again).
	 */
	private Map<String, String> systemProperties = new LinkedHashMap<>();

	/**
	 * Default time-zone id to set while the context's patches are in effect, e.g. 'UTC'.
	 */
	private @Nullable String timeZone;

	/**
	 * Default locale, as a BCP 47 language tag, to set while the context's patches are in
	 * effect, e.g. 'de-CH'.
	 */
	private @Nullable String locale;

	/**
	 * Environment variables that System.getenv answers, and Spring's systemEnvironment
	 * property source sees, while the context's patches are in effect (write the name in
	 * brackets: patching.environment[API_TOKEN]).
	 */
	private Map<String, String> environment = new LinkedHashMap<>();

	/**
	 * Environment variables that System.getenv reports absent while the context's patches
	 * are in effect, e.g. 'HTTP_PROXY,HTTPS_PROXY'.
	 */
	private List<String> environmentRemove = new ArrayList<>();

	/**
	 * How long a test class waits for classes with a different patch set to finish when
	 * test classes run in parallel.
	 */
	private Duration waitTimeout = Duration.ofMinutes(5);

	private final Socket socket = new Socket();

	private final Dns dns = new Dns();

	private final Report report = new Report();

	private final Time time = new Time();

	private final Exit exit = new Exit();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Map<String, String> getSystemProperties() {
		return this.systemProperties;
	}

	public void setSystemProperties(Map<String, String> systemProperties) {
		this.systemProperties = systemProperties;
	}

	public @Nullable String getTimeZone() {
		return this.timeZone;
	}

	public void setTimeZone(@Nullable String timeZone) {
		this.timeZone = timeZone;
	}

	public @Nullable String getLocale() {
		return this.locale;
	}

	public void setLocale(@Nullable String locale) {
		this.locale = locale;
	}

	public Map<String, String> getEnvironment() {
		return this.environment;
	}

	public void setEnvironment(Map<String, String> environment) {
		this.environment = environment;
	}

	public List<String> getEnvironmentRemove() {
		return this.environmentRemove;
	}

	public void setEnvironmentRemove(List<String> environmentRemove) {
		this.environmentRemove = environmentRemove;
	}

	public Time getTime() {
		return this.time;
	}

	public Exit getExit() {
		return this.exit;
	}

	public Duration getWaitTimeout() {
		return this.waitTimeout;
	}

	public void setWaitTimeout(Duration waitTimeout) {
		this.waitTimeout = waitTimeout;
	}

	public Socket getSocket() {
		return this.socket;
	}

	public Dns getDns() {
		return this.dns;
	}

	public Report getReport() {
		return this.report;
	}

	/** The socket patch. */
	public static class Socket {

		/**
		 * Whether to route every outbound TCP connect, UDP connect and UDP datagram sent
		 * without connect through the socket policy.
		 */
		private boolean enabled;

		/**
		 * Whether connects to loopback (127.0.0.0/8, ::1) are always allowed.
		 */
		private boolean allowLoopback = true;

		/**
		 * Destinations that may be connected to: 'host', 'host:port', '*.suffix',
		 * '*.suffix:port', CIDR ranges such as '10.0.0.0/8', '[::1]:8080', '*:5432'.
		 */
		private List<String> allow = new ArrayList<>();

		/**
		 * Connects to a 'host:port' key go to the 'host:port' value instead, invisibly to
		 * the caller. In .properties files write the colon of the key as '\:'.
		 */
		private Map<String, String> redirect = new LinkedHashMap<>();

		/**
		 * Faults met by connects the policy lets through, keyed by their original
		 * destination as written in 'allow': 'refuse', 'timeout' (the caller's own
		 * connect timeout), 'delay:250ms', 'timeout-after:2s'. In .properties files write
		 * the colon of the key as '\:'.
		 */
		private Map<String, String> faults = new LinkedHashMap<>();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public boolean isAllowLoopback() {
			return this.allowLoopback;
		}

		public void setAllowLoopback(boolean allowLoopback) {
			this.allowLoopback = allowLoopback;
		}

		public List<String> getAllow() {
			return this.allow;
		}

		public void setAllow(List<String> allow) {
			this.allow = allow;
		}

		public Map<String, String> getRedirect() {
			return this.redirect;
		}

		public void setRedirect(Map<String, String> redirect) {
			this.redirect = redirect;
		}

		public Map<String, String> getFaults() {
			return this.faults;
		}

		public void setFaults(Map<String, String> faults) {
			this.faults = faults;
		}

	}

	/** The DNS patch. */
	public static class Dns {

		/**
		 * Whether to answer host names from the 'hosts' table.
		 */
		private boolean enabled;

		/**
		 * IP literals (comma-separated) to answer for a host name; a key '*.svc.test'
		 * answers every name under svc.test.
		 */
		private Map<String, String> hosts = new LinkedHashMap<>();

		/**
		 * What to do with names not in the table: 'system' asks the real resolver,
		 * 'refuse' fails the lookup.
		 */
		private String unlisted = "system";

		/**
		 * Whether, with unlisted 'refuse', 'localhost' still goes to the system resolver
		 * and the machine's own host name is answered with the loopback address (no
		 * query) when the hosts table does not list them; 'false' refuses them too.
		 */
		private boolean exemptOwnNames = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Map<String, String> getHosts() {
			return this.hosts;
		}

		public void setHosts(Map<String, String> hosts) {
			this.hosts = hosts;
		}

		public String getUnlisted() {
			return this.unlisted;
		}

		public void setUnlisted(String unlisted) {
			this.unlisted = unlisted;
		}

		public boolean isExemptOwnNames() {
			return this.exemptOwnNames;
		}

		public void setExemptOwnNames(boolean exemptOwnNames) {
			this.exemptOwnNames = exemptOwnNames;
		}

	}

	/** The per-test-class report of what the patches did. */
	public static class Report {

		/**
		 * Whether to log a one-line summary per test class (connects blocked, redirected,
		 * allowed; names answered, refused).
		 */
		private boolean enabled = true;

		/**
		 * File to append the per-test-class summaries to, e.g.
		 * 'target/patching-report.txt'.
		 */
		private @Nullable String file;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable String getFile() {
			return this.file;
		}

		public void setFile(@Nullable String file) {
			this.file = file;
		}

	}

	/** The clock patch. */
	public static class Time {

		/**
		 * Instant at which the JDK's system clocks (Instant.now(), LocalDate.now(), ...)
		 * stand still while the context's patches are in effect, e.g.
		 * '2030-01-01T09:00:00Z'.
		 */
		private @Nullable String fixed;

		/**
		 * ISO-8601 duration by which the JDK's system clocks are shifted, still ticking,
		 * while the context's patches are in effect, e.g. '-P30D'.
		 */
		private @Nullable String offset;

		public @Nullable String getFixed() {
			return this.fixed;
		}

		public void setFixed(@Nullable String fixed) {
			this.fixed = fixed;
		}

		public @Nullable String getOffset() {
			return this.offset;
		}

		public void setOffset(@Nullable String offset) {
			this.offset = offset;
		}

	}

	/** The System.exit patch. */
	public static class Exit {

		/**
		 * Whether System.exit and Runtime.exit throw a SystemExitException carrying the
		 * status, instead of ending the JVM, while the context's patches are in effect.
		 */
		private boolean enabled;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

}
