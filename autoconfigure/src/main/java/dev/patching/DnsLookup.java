package dev.patching;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One host-name lookup seen by the DNS patch.
 * <p>
 * A value class with record-style accessors. No clock is read on the hook's path: records
 * are kept in the order they were seen.
 * <p>
 * A lookup passed to the system resolver ({@link Outcome#SYSTEM}) also holds what that
 * resolver answered — {@link #systemAnswers()} or {@link #systemFailure()} — when the DNS
 * patch saw it: a lookup of the JDK ({@code InetAddress}) is resolved by the patch
 * itself, through the JDK's resolver and cache; one of Netty's DNS resolver is left to
 * that resolver (it may ask on an event loop, which must not wait), so its answer is not
 * seen and both are empty.
 */
public final class DnsLookup {

	private final String name;

	private final InetAddress[] answers;

	private final Outcome outcome;

	private final String thread;

	private final InetAddress[] systemAnswers;

	private final @Nullable String systemFailure;

	private final boolean sharedThread;

	/**
	 * @param name the name asked for, as the caller wrote it
	 * @param answers the addresses answered from {@code patching.dns.hosts}; empty when
	 * refused or passed on
	 * @param outcome what the DNS patch did
	 * @param thread the name of the thread that asked
	 */
	public DnsLookup(String name, List<InetAddress> answers, Outcome outcome, String thread) {
		this(name, answers, outcome, thread, List.of(), null);
	}

	/**
	 * @param name the name asked for, as the caller wrote it
	 * @param answers the addresses answered from {@code patching.dns.hosts}; empty when
	 * refused or passed on
	 * @param outcome what the DNS patch did
	 * @param thread the name of the thread that asked
	 * @param systemAnswers for a lookup passed to the system resolver, the addresses it
	 * returned; empty when it failed or was not seen
	 * @param systemFailure for a lookup passed to the system resolver that failed, the
	 * failure's message; none when it answered or was not seen
	 */
	public DnsLookup(String name, List<InetAddress> answers, Outcome outcome, String thread,
			List<InetAddress> systemAnswers, @Nullable String systemFailure) {
		this(name, answers, outcome, thread, systemAnswers, systemFailure, false);
	}

	/**
	 * @param name the name asked for, as the caller wrote it
	 * @param answers the addresses answered from {@code patching.dns.hosts}; empty when
	 * refused or passed on
	 * @param outcome what the DNS patch did
	 * @param thread the name of the thread that asked
	 * @param systemAnswers for a lookup passed to the system resolver, the addresses it
	 * returned; empty when it failed or was not seen
	 * @param systemFailure for a lookup passed to the system resolver that failed, the
	 * failure's message; none when it answered or was not seen
	 * @param sharedThread whether the thread that asked was one no running test class
	 * owns (see {@link #sharedThread()})
	 */
	public DnsLookup(String name, List<InetAddress> answers, Outcome outcome, String thread,
			List<InetAddress> systemAnswers, @Nullable String systemFailure, boolean sharedThread) {
		this.sharedThread = sharedThread;
		this.name = Objects.requireNonNull(name, "name");
		this.answers = answers.toArray(InetAddress[]::new);
		this.outcome = Objects.requireNonNull(outcome, "outcome");
		this.thread = thread;
		this.systemAnswers = systemAnswers.toArray(InetAddress[]::new);
		this.systemFailure = systemFailure;
	}

	/** The name asked for, as the caller wrote it. */
	public String name() {
		return this.name;
	}

	/**
	 * The addresses answered from {@code patching.dns.hosts}; empty when refused or
	 * passed on.
	 */
	public List<InetAddress> answers() {
		return List.of(this.answers);
	}

	/** What the DNS patch did. */
	public Outcome outcome() {
		return this.outcome;
	}

	/** The name of the thread that asked. */
	public String thread() {
		return this.thread;
	}

	/**
	 * For a lookup passed to the system resolver: the addresses it returned. Empty when
	 * it failed ({@link #systemFailure()}), when its answer was not seen (Netty's DNS
	 * resolver), and for the other outcomes.
	 */
	public List<InetAddress> systemAnswers() {
		return List.of(this.systemAnswers);
	}

	/**
	 * For a lookup passed to the system resolver that failed: the failure's message, e.g.
	 * {@code "nowhere.test: Name or service not known"}. None when it answered, when its
	 * answer was not seen, and for the other outcomes.
	 */
	public @Nullable String systemFailure() {
		return this.systemFailure;
	}

	/**
	 * Whether the lookup was made on a thread that no running test class owns — a pool's,
	 * a server's, one the application started: kept for every class whose patch set was
	 * in effect, while a lookup on a test class's own threads is kept for that class only
	 * (as for {@link ConnectionAttempt#sharedThread()}).
	 */
	public boolean sharedThread() {
		return this.sharedThread;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return this == other || (other instanceof DnsLookup that && this.name.equals(that.name)
				&& Arrays.equals(this.answers, that.answers) && this.outcome == that.outcome
				&& Objects.equals(this.thread, that.thread) && Arrays.equals(this.systemAnswers, that.systemAnswers)
				&& Objects.equals(this.systemFailure, that.systemFailure) && this.sharedThread == that.sharedThread);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.name, Arrays.hashCode(this.answers), this.outcome, this.thread,
				Arrays.hashCode(this.systemAnswers), this.systemFailure, this.sharedThread);
	}

	@Override
	public String toString() {
		String system = (this.outcome != Outcome.SYSTEM) ? "" : (this.systemFailure != null)
				? ", systemFailure=" + this.systemFailure : ", systemAnswers=" + Arrays.toString(this.systemAnswers);
		return "DnsLookup[name=" + this.name + ", answers=" + Arrays.toString(this.answers) + ", outcome="
				+ this.outcome + system + ", thread=" + this.thread + ", sharedThread=" + this.sharedThread + "]";
	}

	/** What the DNS patch did with a lookup. */
	public enum Outcome {

		/**
		 * Answered from {@code patching.dns.hosts} (a reverse lookup: under the name the
		 * table gave); under {@code refuse}, also the machine's own host name, answered
		 * with the loopback address unless {@code patching.dns.exempt-own-names=false}.
		 */
		ANSWERED,

		/**
		 * Passed to the system resolver ({@code patching.dns.unlisted=system}; under
		 * {@code refuse}, {@code localhost} unless
		 * {@code patching.dns.exempt-own-names=false}).
		 */
		SYSTEM,

		/**
		 * Refused ({@code patching.dns.unlisted=refuse}): a name, a raw DNS query of
		 * Netty's resolver, or a reverse lookup (under the address text, which the caller
		 * got as the name).
		 */
		REFUSED

	}

}
