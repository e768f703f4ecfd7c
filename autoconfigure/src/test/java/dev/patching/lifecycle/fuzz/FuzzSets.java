package dev.patching.lifecycle.fuzz;

import java.io.IOException;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;

import dev.patching.it.support.LoopbackServer;

import org.springframework.test.context.TestPropertySource;

/**
 * The patch sets the fuzzer draws from, and what each looks like from inside the JVM. A
 * set is named by a label that is also the value of its system property {@code fz.set};
 * every pooled set (A to D) writes every key that another set writes, so that a child
 * context of a hierarchy replaces its parent's set entirely. Z is a Spring context
 * without patches.
 */
public final class FuzzSets {

	/**
	 * The label of the clean JVM (plain JUnit classes, and what is left after a suite).
	 */
	public static final String CLEAN = "clean";

	/**
	 * Labels of the pooled sets; the label of a @Nested class's own set is its outer
	 * label plus "n".
	 */
	public static final List<String> POOL = List.of("A", "B", "C", "D", "Z");

	private static final Map<String, Class<?>> SETS = Map.of("A", SetA.class, "B", SetB.class, "C", SetC.class, "D",
			SetD.class, "Z", SetZ.class);

	/** The JVM's own time zone, read before any context could patch it. */
	public static final String ORIGINAL_TIME_ZONE = TimeZone.getDefault().getID();

	static volatile LoopbackServer server;

	private FuzzSets() {
	}

	/**
	 * A JVM as a class sees it: the marker property, whether a loopback connect is
	 * blocked, the time zone.
	 */
	public record View(String set, boolean loopbackBlocked, String timeZone) {

		@Override
		public String toString() {
			return (this.set == null ? "-" : this.set) + (this.loopbackBlocked ? "/blocked/" : "/open/")
					+ this.timeZone;
		}

	}

	/**
	 * The properties of a pooled set's context: its patches, the marker, what its beans
	 * expect, its context name.
	 */
	public static String[] properties(String label) {
		return SETS.get(label).getAnnotation(TestPropertySource.class).properties();
	}

	/** What a class or bean of the set labelled {@code label} must see. */
	public static View expected(String label) {
		if (label.equals(CLEAN) || label.equals("Z")) {
			return new View(null, false, ORIGINAL_TIME_ZONE);
		}
		List<String> settings = Arrays.asList(properties(base(label)));
		boolean blocked = settings.contains("patching.socket.enabled=true")
				&& settings.contains("patching.socket.allow-loopback=false");
		String zone = settings.stream()
			.filter((s) -> s.startsWith("patching.time-zone="))
			.map((s) -> s.substring("patching.time-zone=".length()))
			.findFirst()
			.orElse(ORIGINAL_TIME_ZONE);
		return new View(label, blocked, zone);
	}

	private static String base(String label) {
		return label.substring(0, 1);
	}

	/** Reads the view from the JVM. Connects only to the loopback server. */
	public static View look() {
		return new View(System.getProperty("fz.set"), loopbackBlocked(), TimeZone.getDefault().getID());
	}

	private static boolean loopbackBlocked() {
		LoopbackServer target = server;
		if (target == null) {
			return false;
		}
		try (Socket socket = new Socket()) {
			socket.connect(target.address(), 2000);
			return false;
		}
		catch (IOException ex) {
			if (String.valueOf(ex.getMessage()).contains("patch")) {
				return true;
			}
			throw new IllegalStateException("loopback probe failed for another reason", ex);
		}
	}

	@Retention(RetentionPolicy.RUNTIME)
	@TestPropertySource(properties = { "patching.socket.enabled=true", "patching.socket.allow-loopback=false",
			"patching.dns.enabled=false", "patching.time-zone=Etc/GMT+1", "patching.system-properties[fz.set]=A",
			"fz.expect=A", "fz.ctx=A.0" })
	public @interface SetA {

	}

	@Retention(RetentionPolicy.RUNTIME)
	@TestPropertySource(properties = { "patching.socket.enabled=true", "patching.socket.allow-loopback=true",
			"patching.dns.enabled=true", "patching.dns.hosts[fz-b.test]=127.0.0.1", "patching.time-zone=Etc/GMT+2",
			"patching.system-properties[fz.set]=B", "fz.expect=B", "fz.ctx=B.0" })
	public @interface SetB {

	}

	@Retention(RetentionPolicy.RUNTIME)
	@TestPropertySource(properties = { "patching.socket.enabled=false", "patching.socket.allow-loopback=true",
			"patching.dns.enabled=true", "patching.dns.hosts[fz-c.test]=127.0.0.1", "patching.time-zone=Etc/GMT+3",
			"patching.system-properties[fz.set]=C", "fz.expect=C", "fz.ctx=C.0" })
	public @interface SetC {

	}

	@Retention(RetentionPolicy.RUNTIME)
	@TestPropertySource(properties = { "patching.socket.enabled=true", "patching.socket.allow-loopback=false",
			"patching.dns.enabled=true", "patching.dns.hosts[fz-d.test]=127.0.0.1", "patching.time-zone=Etc/GMT-5",
			"patching.system-properties[fz.set]=D", "fz.expect=D", "fz.ctx=D.0" })
	public @interface SetD {

	}

	/** A Spring context without patches. */
	@Retention(RetentionPolicy.RUNTIME)
	@TestPropertySource(properties = { "fz.expect=Z", "fz.ctx=Z.0" })
	public @interface SetZ {

	}

	/** Settings every Spring test context of a suite gets. */
	@Retention(RetentionPolicy.RUNTIME)
	@TestPropertySource(properties = { "patching.wait-timeout=10s", "spring.main.banner-mode=off",
			"spring.main.log-startup-info=false", "logging.level.root=warn" })
	public @interface Common {

	}

}
