package dev.patching.internal.core;

/**
 * Where the hooks report what they saw while a patch set is in effect.
 */
public interface Recording {

	/** Records nothing. */
	Recording NONE = new Recording() {
		@Override
		public void connection(SeenConnect connect) {
		}

		@Override
		public void lookup(SeenLookup lookup) {
		}
	};

	void connection(SeenConnect connect);

	void lookup(SeenLookup lookup);

}
