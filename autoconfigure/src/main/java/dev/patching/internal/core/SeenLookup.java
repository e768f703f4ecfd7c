package dev.patching.internal.core;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;

import dev.patching.DnsLookup;
import org.jspecify.annotations.Nullable;

/**
 * A lookup as the DNS hook records it: the answer kept as it was handed over, without a
 * copy, until the records are read ({@link #lookup()}).
 *
 * @param name the name asked for, as the caller wrote it
 * @param answers the addresses answered from the host table; none when refused or passed
 * on
 * @param outcome what the DNS patch did
 * @param thread the name of the thread that asked
 */
public record SeenLookup(String name, InetAddress @Nullable [] answers, DnsLookup.Outcome outcome, String thread) {

	/** The record as users see it. */
	public DnsLookup lookup() {
		return new DnsLookup(this.name, (this.answers != null) ? Arrays.asList(this.answers) : List.of(), this.outcome,
				this.thread);
	}

}
