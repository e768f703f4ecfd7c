package dev.patching.internal.core;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;

import dev.patching.DnsLookup;
import org.jspecify.annotations.Nullable;

/**
 * A lookup as the DNS hook records it: the answers kept as they were handed over, without
 * a copy, until the records are read ({@link #lookup()}).
 *
 * @param name the name asked for, as the caller wrote it
 * @param answers the addresses answered from the host table; none when refused or passed
 * on
 * @param outcome what the DNS patch did
 * @param thread the name of the thread that asked
 * @param systemAnswers for a lookup passed to the system resolver, the addresses it
 * returned; none when it failed or was not seen
 * @param systemFailure for a lookup passed to the system resolver that failed, the
 * failure's message; none when it answered or was not seen
 */
public record SeenLookup(String name, InetAddress @Nullable [] answers, DnsLookup.Outcome outcome, String thread,
		InetAddress @Nullable [] systemAnswers, @Nullable String systemFailure) {

	/**
	 * A lookup the hook answered or refused, or passed on without seeing the answer.
	 * @param name the name asked for, as the caller wrote it
	 * @param answers the addresses answered from the host table; none when refused or
	 * passed on
	 * @param outcome what the DNS patch did
	 * @param thread the name of the thread that asked
	 */
	public SeenLookup(String name, InetAddress @Nullable [] answers, DnsLookup.Outcome outcome, String thread) {
		this(name, answers, outcome, thread, null, null);
	}

	/**
	 * A lookup passed to the system resolver ({@link DnsLookup.Outcome#SYSTEM}), with
	 * what it answered. Keeps {@code systemAnswers} as it is: the caller hands it over
	 * and never changes it.
	 * @param name the name asked for, as the caller wrote it
	 * @param systemAnswers the addresses the system resolver returned; none or empty when
	 * it failed or was not seen
	 * @param systemFailure the system resolver's failure message; none when it answered
	 * or was not seen
	 * @param thread the name of the thread that asked
	 * @return the record
	 */
	public static SeenLookup passedToSystem(String name, InetAddress @Nullable [] systemAnswers,
			@Nullable String systemFailure, String thread) {
		return new SeenLookup(name, null, DnsLookup.Outcome.SYSTEM, thread, systemAnswers, systemFailure);
	}

	/** The record as users see it. */
	public DnsLookup lookup() {
		return lookup(false);
	}

	/**
	 * The record as users see it, made on a thread no running test class owns or not.
	 */
	public DnsLookup lookup(boolean sharedThread) {
		return new DnsLookup(this.name, listOf(this.answers), this.outcome, this.thread, listOf(this.systemAnswers),
				this.systemFailure, sharedThread);
	}

	private static List<InetAddress> listOf(InetAddress @Nullable [] addresses) {
		return (addresses != null) ? Arrays.asList(addresses) : List.of();
	}

}
