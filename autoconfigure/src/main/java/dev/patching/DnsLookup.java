package dev.patching;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;

/**
 * One host-name lookup seen by the DNS patch.
 *
 * @param name the name asked for, as the caller wrote it
 * @param answers the addresses answered from {@code patching.dns.hosts}; empty when refused or passed on
 * @param outcome what the DNS patch did
 * @param thread the name of the thread that asked
 * @param time when the lookup was seen
 */
public record DnsLookup(String name, List<InetAddress> answers, Outcome outcome, String thread, Instant time) {

	public DnsLookup {
		answers = List.copyOf(answers);
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
