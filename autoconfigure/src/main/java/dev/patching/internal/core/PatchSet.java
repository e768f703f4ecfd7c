package dev.patching.internal.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.patching.PatchFailedException;
import dev.patching.Unpatch;
import org.jspecify.annotations.Nullable;

/**
 * The ordered patches of one context. Two sets are equal when their entries have equal
 * fingerprints: equal sets have the same effect, so switching between them is free and
 * classes using them may run at the same time.
 */
public final class PatchSet {

	/** No patches: the clean JVM. */
	public static final PatchSet EMPTY = new PatchSet(List.of(), "no patches");

	private final List<PatchEntry> entries;

	private final List<Object> key;

	private final int hash;

	private final List<String> names;

	private final String description;

	public PatchSet(List<PatchEntry> entries, String description) {
		this.entries = List.copyOf(entries);
		this.key = this.entries.stream()
			.map((entry) -> List.of(entry.name(), entry.fingerprint()))
			.map(Object.class::cast)
			.toList();
		this.hash = this.key.hashCode();
		this.names = this.entries.stream().map(PatchEntry::name).toList();
		this.description = description;
	}

	/**
	 * This set with each entry that does the same as one of {@code base}'s (same name,
	 * same fingerprint) replaced by {@code base}'s own: what an entry keeps (a clock a
	 * test moved) is then shared by a context's set and the sets derived from it.
	 */
	PatchSet reusing(PatchSet base) {
		List<PatchEntry> shared = new ArrayList<>(this.entries.size());
		for (PatchEntry entry : this.entries) {
			PatchEntry same = entry;
			for (PatchEntry known : base.entries) {
				if (known.name().equals(entry.name()) && known.fingerprint().equals(entry.fingerprint())) {
					same = known;
					break;
				}
			}
			shared.add(same);
		}
		return new PatchSet(shared, this.description);
	}

	List<PatchEntry> entries() {
		return this.entries;
	}

	public List<String> names() {
		return this.names;
	}

	public boolean isEmpty() {
		return this.entries.isEmpty();
	}

	boolean needsHooks() {
		return this.entries.stream().anyMatch(PatchEntry::needsHooks);
	}

	/**
	 * Acquires the entries' own hooks ({@link PatchEntry#ownHooks()}); if one fails,
	 * those acquired are released.
	 */
	void acquireOwnHooks() {
		List<EntryHooks.Provider> acquired = new ArrayList<>();
		try {
			for (EntryHooks.Provider hooks : ownHooks()) {
				hooks.acquire();
				acquired.add(hooks);
			}
		}
		catch (RuntimeException | Error ex) {
			for (int i = acquired.size() - 1; i >= 0; i--) {
				try {
					acquired.get(i).release();
				}
				catch (RuntimeException | Error again) {
					ex.addSuppressed(again);
				}
			}
			throw ex;
		}
	}

	/**
	 * Releases the entries' own hooks, in reverse; a failing one does not stop the
	 * others.
	 */
	void releaseOwnHooks() {
		List<EntryHooks.Provider> all = ownHooks();
		RuntimeException failure = null;
		for (int i = all.size() - 1; i >= 0; i--) {
			try {
				all.get(i).release();
			}
			catch (RuntimeException ex) {
				if (failure == null) {
					failure = ex;
				}
				else {
					failure.addSuppressed(ex);
				}
			}
		}
		if (failure != null) {
			throw failure;
		}
	}

	private List<EntryHooks.Provider> ownHooks() {
		List<EntryHooks.Provider> hooks = new ArrayList<>();
		for (PatchEntry entry : this.entries) {
			EntryHooks.Provider own = entry.ownHooks();
			if (own != null && !hooks.contains(own)) {
				hooks.add(own);
			}
		}
		return hooks;
	}

	/** Where the set comes from, for messages: the context and its test class. */
	public String description() {
		return this.description;
	}

	/**
	 * Applies every entry in order. If one fails, those already applied are undone in
	 * reverse and a {@link PatchFailedException} names the failing one.
	 */
	Applied apply(Recording recording) {
		List<Unpatch> undo = new ArrayList<>(this.entries.size());
		for (PatchEntry entry : this.entries) {
			try {
				undo.add(Objects.requireNonNull(entry.apply(recording),
						() -> "patch '" + entry.name() + "' returned no Unpatch"));
			}
			catch (Exception | Error ex) {
				PatchFailedException failure = new PatchFailedException(entry.name(),
						"Patch '" + entry.name() + "' could not be applied for " + this.description + ": "
								+ ex.getMessage() + "\n\nThe patches applied before it ("
								+ names().subList(0, undo.size())
								+ ") were restored. Fix the patch or switch it off with patching." + entry.name()
								+ ".enabled=false.",
						ex);
				new Applied(names().subList(0, undo.size()), undo).restoreInto(failure);
				throw failure;
			}
		}
		return new Applied(names(), undo);
	}

	@Override
	public boolean equals(@Nullable Object other) {
		// Compared on every switch: the hash settles most inequalities without walking
		// the policies.
		return this == other || (other instanceof PatchSet set && this.hash == set.hash && this.key.equals(set.key));
	}

	@Override
	public int hashCode() {
		return this.hash;
	}

	@Override
	public String toString() {
		return names().toString();
	}

	/**
	 * The undo handles of one application of a set.
	 */
	static final class Applied {

		private final List<String> names;

		private final List<Unpatch> undo;

		Applied(List<String> names, List<Unpatch> undo) {
			this.names = names;
			this.undo = undo;
		}

		/**
		 * Undoes every entry in reverse order; a failing one does not stop the others.
		 * @throws PatchFailedException naming the first failure, the others suppressed
		 */
		public void restore() {
			PatchFailedException failure = restoreInto(null);
			if (failure != null) {
				throw failure;
			}
		}

		@Nullable PatchFailedException restoreInto(@Nullable PatchFailedException failure) {
			for (int i = this.undo.size() - 1; i >= 0; i--) {
				try {
					this.undo.get(i).unpatch();
				}
				catch (Exception | Error ex) {
					PatchFailedException restoreFailure = new PatchFailedException(this.names.get(i), "Patch '"
							+ this.names.get(i) + "' could not be restored: " + ex.getMessage()
							+ "\n\nThe other patches were restored; the JVM state this patch changed may still be patched.",
							ex);
					if (failure == null) {
						failure = restoreFailure;
					}
					else {
						failure.addSuppressed(restoreFailure);
					}
				}
			}
			return failure;
		}

	}

}
