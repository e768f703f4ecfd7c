package dev.patching.internal.core;

import dev.patching.ConnectionAttempt;
import dev.patching.DnsLookup;

/**
 * Where the hooks report what they saw while a patch set is in effect.
 */
public interface Recording {

	/** Records nothing. */
	Recording NONE = new Recording() {
		@Override
		public void connection(ConnectionAttempt attempt) {
		}

		@Override
		public void lookup(DnsLookup lookup) {
		}
	};

	void connection(ConnectionAttempt attempt);

	void lookup(DnsLookup lookup);

}
