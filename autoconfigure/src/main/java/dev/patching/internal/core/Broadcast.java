package dev.patching.internal.core;

import java.util.Arrays;
import java.util.stream.Collectors;

import dev.patching.ConnectionAttempt;
import dev.patching.DnsLookup;

/** Forwards records to the recordings of every lease sharing the applied set. */
final class Broadcast implements Recording {

	private volatile Recording[] targets = new Recording[0];

	void to(Recording[] targets) {
		this.targets = targets;
	}

	@Override
	public void connection(ConnectionAttempt attempt) {
		for (Recording target : this.targets) {
			target.connection(attempt);
		}
	}

	@Override
	public void lookup(DnsLookup lookup) {
		for (Recording target : this.targets) {
			target.lookup(lookup);
		}
	}

	@Override
	public String toString() {
		return Arrays.stream(this.targets).map(String::valueOf).collect(Collectors.joining(", "));
	}

}
