package dev.patching.internal.core;

import java.util.ArrayList;
import java.util.List;

import dev.patching.PatchFailedException;
import dev.patching.Unpatch;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PatchSetTests {

	private final List<String> journal = new ArrayList<>();

	@Test
	void setsAreEqualWhenTheirEntriesHaveEqualNamesAndFingerprints() {
		assertThat(set(entry("a", 1), entry("b", 2))).isEqualTo(set(entry("a", 1), entry("b", 2)))
			.hasSameHashCodeAs(set(entry("a", 1), entry("b", 2)));
		assertThat(set(entry("a", 1))).isNotEqualTo(set(entry("a", 2)));
		assertThat(set(entry("a", 1), entry("b", 2))).isNotEqualTo(set(entry("b", 2), entry("a", 1)));
		assertThat(set()).isEqualTo(PatchSet.EMPTY);
	}

	@Test
	void appliesInOrderAndRestoresInReverse() {
		PatchSet.Applied applied = set(entry("a", 1), entry("b", 2)).apply(Recording.NONE);
		applied.restore();
		assertThat(this.journal).containsExactly("apply a", "apply b", "restore b", "restore a");
	}

	@Test
	void aFailingApplyRestoresWhatWasAppliedAndNamesThePatch() {
		PatchSet set = set(entry("a", 1), failing("b"), entry("c", 3));
		assertThatExceptionOfType(PatchFailedException.class).isThrownBy(() -> set.apply(Recording.NONE))
			.withMessageContaining("Patch 'b' could not be applied for test set")
			.withMessageContaining("([a]) were restored")
			.withMessageContaining("patching.b.enabled=false");
		assertThat(this.journal).containsExactly("apply a", "restore a");
	}

	@Test
	void aFailingRestoreDoesNotStopTheOthers() {
		PatchSet.Applied applied = set(entry("a", 1), failingRestore("b"), entry("c", 3)).apply(Recording.NONE);
		assertThatExceptionOfType(PatchFailedException.class).isThrownBy(applied::restore)
			.withMessageContaining("Patch 'b' could not be restored");
		assertThat(this.journal).containsExactly("apply a", "apply b", "apply c", "restore c", "restore a");
	}

	private PatchSet set(PatchEntry... entries) {
		return new PatchSet(List.of(entries), "test set");
	}

	private PatchEntry entry(String name, Object fingerprint) {
		return new Entry(name, fingerprint, () -> {
			this.journal.add("apply " + name);
			return () -> this.journal.add("restore " + name);
		});
	}

	private PatchEntry failing(String name) {
		return new Entry(name, name, () -> {
			throw new IllegalStateException("cannot apply " + name);
		});
	}

	private PatchEntry failingRestore(String name) {
		return new Entry(name, name, () -> {
			this.journal.add("apply " + name);
			return () -> {
				throw new IllegalStateException("cannot restore " + name);
			};
		});
	}

	private interface Applier {

		Unpatch apply();

	}

	private record Entry(String name, Object fingerprint, Applier applier) implements PatchEntry {

		@Override
		public Unpatch apply(Recording recording) {
			return this.applier.apply();
		}

	}

}
