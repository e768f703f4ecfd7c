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
 */
public final class DnsLookup {

	private final String name;

	private final InetAddress[] answers;

	private final Outcome outcome;

	private final String thread;

	/**
	 * @param name the name asked for, as the caller wrote it
	 * @param answers the addresses answered from {@code patching.dns.hosts}; empty when
	 * refused or passed on
	 * @param outcome what the DNS patch did
	 * @param thread the name of the thread that asked
	 */
	public DnsLookup(String name, List<InetAddress> answers, Outcome outcome, String thread) {
		this.name = Objects.requireNonNull(name, "name");
		this.answers = answers.toArray(InetAddress[]::new);
		this.outcome = Objects.requireNonNull(outcome, "outcome");
		this.thread = thread;
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

	@Override
	public boolean equals(@Nullable Object other) {
		return this == other || (other instanceof DnsLookup that && this.name.equals(that.name)
				&& Arrays.equals(this.answers, that.answers) && this.outcome == that.outcome
				&& Objects.equals(this.thread, that.thread));
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.name, Arrays.hashCode(this.answers), this.outcome, this.thread);
	}

	@Override
	public String toString() {
		return "DnsLookup[name=" + this.name + ", answers=" + Arrays.toString(this.answers) + ", outcome="
				+ this.outcome + ", thread=" + this.thread + "]";
	}

	/** What the DNS patch did with a lookup. */
	public enum Outcome {

		/** Answered from {@code patching.dns.hosts}. */
		ANSWERED,

		/** Passed to the system resolver ({@code patching.dns.unlisted=system}). */
		SYSTEM,

		/** Refused ({@code patching.dns.unlisted=refuse}). */
		REFUSED

	}

}
