package dev.patching.internal.core;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Forwards records to the recordings of every lease sharing the applied set. */
final class Broadcast implements Recording {

	private volatile Recording[] targets = new Recording[0];

	void to(Recording[] targets) {
		this.targets = targets;
	}

	@Override
	public void connection(SeenConnect connect) {
		for (Recording target : this.targets) {
			target.connection(connect);
		}
	}

	@Override
	public void lookup(SeenLookup lookup) {
		for (Recording target : this.targets) {
			target.lookup(lookup);
		}
	}

	@Override
	public String toString() {
		return Arrays.stream(this.targets).map(String::valueOf).collect(Collectors.joining(", "));
	}

}
