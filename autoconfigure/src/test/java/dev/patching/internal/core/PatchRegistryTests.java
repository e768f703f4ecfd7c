package dev.patching.internal.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import dev.patching.PatchFailedException;
import dev.patching.PatchWaitTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The registry on its own: no Spring, no hooks. Each set writes one system property, so
 * what is in effect is read from the JVM.
 */
class PatchRegistryTests {

	private static final String KEY = "registry.tests.set";

	private static final Duration SHORT = Duration.ofMillis(200);

	private final PatchRegistry registry = new PatchRegistry();

	@AfterEach
	void nothingLeft() {
		assertThat(this.registry.leases()).isEmpty();
		assertThat(System.getProperty(KEY)).isNull();
	}

	@Test
	void theSetOfTheLastLeaseIsInEffectAndTheCleanJvmComesBackWhenAllAreReleased() {
		Lease a = acquire("A", "class 1");
		assertThat(System.getProperty(KEY)).isEqualTo("A");
		Lease again = acquire("A", "class 2");
		assertThat(this.registry.current()).isEqualTo(set("A"));
		this.registry.release(a);
		assertThat(System.getProperty(KEY)).isEqualTo("A");
		this.registry.release(again);
		assertThat(System.getProperty(KEY)).isNull();
		assertThat(this.registry.current()).isEqualTo(PatchSet.EMPTY);
		this.registry.release(again);
	}

	@Test
	void anUnrelatedOwnerOfAnotherSetWaitsAndTimesOutNamingWhoHoldsWhat() {
		Lease a = acquire("A", "class 1");
		assertThatExceptionOfType(PatchWaitTimeoutException.class)
			.isThrownBy(() -> this.registry.acquire(set("B"), "class 2", Recording.NONE, "class two", SHORT))
			.withMessageContaining("class two")
			.withMessageContaining("class 1 holder");
		assertThat(System.getProperty(KEY)).isEqualTo("A");
		this.registry.release(a);
	}

	@Test
	void aWaitingOwnerEntersWhenTheOtherSetIsGivenBack() throws Exception {
		Lease a = acquire("A", "class 1");
		CompletableFuture<Lease> b = waitingOnAnotherThread(
				() -> this.registry.acquire(set("B"), "class 2", Recording.NONE, "class two", Duration.ofSeconds(10)));
		assertThat(b).isNotDone();
		this.registry.release(a);
		Lease entered = b.get(10, TimeUnit.SECONDS);
		assertThat(System.getProperty(KEY)).isEqualTo("B");
		this.registry.release(entered);
	}

	@Test
	void aNestedOwnerMayHoldAnotherSetAndTheOuterOneComesBackAfterIt() {
		Owner outer = new Owner(null, "outer");
		Owner nested = new Owner(outer, "nested");
		Lease outerLease = this.registry.acquire(set("A"), outer, Recording.NONE, "outer", SHORT);
		Lease nestedLease = this.registry.acquire(set("B"), nested, Recording.NONE, "nested", SHORT);
		assertThat(System.getProperty(KEY)).isEqualTo("B");
		// The outer owner's newer lease is shadowed by the nested one still held.
		Lease outerAgain = this.registry.acquire(set("A"), outer, Recording.NONE, "outer again", SHORT);
		assertThat(System.getProperty(KEY)).isEqualTo("B");
		this.registry.release(nestedLease);
		assertThat(System.getProperty(KEY)).isEqualTo("A");
		this.registry.release(outerAgain);
		this.registry.release(outerLease);
	}

	@Test
	void nestedSiblingsWithDifferentSetsDoNotOverlap() {
		Owner outer = new Owner(null, "outer");
		Lease outerLease = this.registry.acquire(set("A"), outer, Recording.NONE, "outer", SHORT);
		Lease first = onAnotherThread(
				() -> this.registry.acquire(set("B"), new Owner(outer, "first"), Recording.NONE, "first", SHORT));
		assertThatExceptionOfType(PatchWaitTimeoutException.class).isThrownBy(
				() -> this.registry.acquire(set("C"), new Owner(outer, "second"), Recording.NONE, "second", SHORT));
		Lease sameSet = this.registry.acquire(set("B"), new Owner(outer, "third"), Recording.NONE, "third", SHORT);
		this.registry.release(first);
		this.registry.release(sameSet);
		this.registry.release(outerLease);
	}

	@Test
	void anExclusiveLeaseKeepsTheJvmCleanAndShutsOutEveryUnrelatedOwnerEvenOfAnEmptySet() {
		Owner creator = new Owner(null, "creator");
		Lease exclusive = onAnotherThread(() -> this.registry.acquireExclusive(creator, "creator", SHORT));
		assertThat(this.registry.current()).isEqualTo(PatchSet.EMPTY);
		assertThatExceptionOfType(PatchWaitTimeoutException.class)
			.isThrownBy(() -> this.registry.acquire(PatchSet.EMPTY, "other", Recording.NONE, "other", SHORT))
			.withMessageContaining("(starting a context)");
		// What the creator creates stacks on its own exclusive lease: its set is in
		// effect.
		Lease creation = this.registry.acquire(set("A"), new Owner(creator, "a method of it"), Recording.NONE,
				"creation", SHORT);
		assertThat(System.getProperty(KEY)).isEqualTo("A");
		this.registry.release(creation);
		assertThat(System.getProperty(KEY)).isNull();
		this.registry.release(exclusive);
	}

	@Test
	void aWaitingExclusiveLeaseGoesBeforeOwnersThatHoldNothingYet() throws Exception {
		Lease a = acquire("A", "class 1");
		CompletableFuture<Lease> exclusive = waitingOnAnotherThread(
				() -> this.registry.acquireExclusive("creator", "creator", Duration.ofSeconds(10)));
		// Same set as the holder, but it holds nothing yet: it queues behind the
		// exclusive request.
		assertThatExceptionOfType(PatchWaitTimeoutException.class)
			.isThrownBy(() -> this.registry.acquire(set("A"), "class 2", Recording.NONE, "class two", SHORT));
		// An owner that already holds a lease is never held back (it may be what the
		// queue waits for).
		Lease more = onAnotherThread(
				() -> this.registry.acquire(set("A"), "class 1", Recording.NONE, "class 1 again", SHORT));
		this.registry.release(more);
		this.registry.release(a);
		this.registry.release(exclusive.get(10, TimeUnit.SECONDS));
	}

	@Test
	void aClassWhoseMethodHoldsALeaseIsNotHeldBackBehindAWaitingExclusiveLease() throws Exception {
		// Found by the lifecycle fuzzer: a class taking its own lease on the context its
		// method has
		// just created queued behind another class's exclusive request, which waited for
		// that method.
		Owner testClass = new Owner(null, "class");
		Owner method = new Owner(testClass, "its method");
		Lease creating = onAnotherThread(() -> this.registry.acquireExclusive(method, "its method creating", SHORT));
		CompletableFuture<Lease> other = waitingOnAnotherThread(
				() -> this.registry.acquireExclusive("other class", "other class", Duration.ofSeconds(10)));
		Lease classLease = onAnotherThread(
				() -> this.registry.acquire(set("A"), testClass, Recording.NONE, "class", SHORT));
		this.registry.release(creating);
		this.registry.release(classLease);
		this.registry.release(other.get(10, TimeUnit.SECONDS));
	}

	@Test
	void anIdleContextIsPausedUnderItsOwnSetBeforeALeaseOnAnotherSetEnters() {
		// Found by the lifecycle fuzzer: Spring Framework 7 paused an idle context on the
		// thread of a class with another set, so the idle context's stop callbacks ran
		// under that class's set.
		List<String> seenWhilePausing = new ArrayList<>();
		PatchRegistry.Idle[] idle = new PatchRegistry.Idle[1];
		idle[0] = new PatchRegistry.Idle(set("A"), "context A", () -> {
			Lease pausing = this.registry.acquireToPause(idle[0], "pauser", Recording.NONE, "pausing A", SHORT);
			seenWhilePausing.add(System.getProperty(KEY));
			this.registry.release(pausing);
		});
		Lease a = acquire("A", "class 1");
		this.registry.release(a, idle[0]);
		assertThat(System.getProperty(KEY)).isNull();
		// The same set goes in without pausing it; another set pauses it first, under A.
		Lease sameSet = acquire("A", "class 2");
		assertThat(seenWhilePausing).isEmpty();
		this.registry.release(sameSet);
		Lease other = acquire("B", "class 3");
		assertThat(seenWhilePausing).containsExactly("A");
		assertThat(System.getProperty(KEY)).isEqualTo("B");
		this.registry.release(other);
		// Paused once: it holds nothing back any more.
		this.registry.release(acquire("C", "class 4"));
		assertThat(seenWhilePausing).containsExactly("A");
	}

	@Test
	void aContextParentIsNotPausedForItsChildAndALeaseToPauseIsDroppedOnceTheContextIsUsedAgain() {
		PatchRegistry.Idle parent = new PatchRegistry.Idle(set("A"), "parent", () -> {
			throw new AssertionError("Spring does not pause a parent while its child is asked for");
		});
		this.registry.idle(parent);
		Lease child = this.registry.acquire(set("B"), "child class", Recording.NONE, "child", SHORT, Set.of("parent"));
		assertThat(System.getProperty(KEY)).isEqualTo("B");
		this.registry.release(child);
		this.registry.busy(parent);
		assertThat(this.registry.acquireToPause(parent, "pauser", Recording.NONE, "pausing parent", SHORT))
			.as("no longer idle: nothing to pause")
			.isNull();
	}

	@Test
	void aContextClosedWhileItsRestartWaitsForItsSetTakesNoLease() {
		// Found by the lifecycle fuzzer: a restart waiting inside Spring's cache (short
		// waits that let
		// other classes in) took its lease after another class had closed the context,
		// and nothing
		// gave it back.
		DefaultPatchManager manager = new DefaultPatchManager(set("A"), true, Duration.ofSeconds(10), this.registry);
		manager.releaseCreation();
		Lease other = acquire("B", "class 2");
		Lease restart = manager.hold("restarting", manager::close);
		assertThat(restart).isNull();
		assertThat(this.registry.leases()).containsExactly(other);
		this.registry.release(other);
	}

	@Test
	void aContextCreatedInsideSpringsCacheGoesBeforeAWaitingExclusiveRequestWithoutBlocking() throws Exception {
		// Found by the lifecycle fuzzer: a context created by a condition, holding
		// Spring's
		// cache monitor, saw its turn and then blocked when a class's exclusive request
		// came first; that class needed the monitor. Inside the cache, the lease is taken
		// in one step and does not queue behind exclusive requests.
		Lease running = acquire("A", "class 1");
		CompletableFuture<Lease> exclusive = waitingOnAnotherThread(() -> this.registry.acquireExclusive("class 2",
				"class 2 creating its context", Duration.ofSeconds(10)));
		DefaultPatchManager manager = new DefaultPatchManager(set("A"), true, SHORT, this.registry);
		AtomicInteger pauses = new AtomicInteger();

		manager.starting(pauses::incrementAndGet);

		assertThat(pauses).as("waits on Spring's cache monitor").hasValue(0);
		assertThat(System.getProperty(KEY)).isEqualTo("A");
		assertThat(exclusive).isNotDone();
		manager.close();
		this.registry.release(running);
		this.registry.release(exclusive.get(10, TimeUnit.SECONDS));
	}

	@Test
	void aContextClosedWhileItsPauseStillHoldsItsSetGivesThatLeaseBack() {
		// Found by the lifecycle fuzzer: a pause that took the context's set and never
		// reached the stop that gives it back (Spring's stop failed part-way) kept it
		// after the context closed, for the rest of the JVM.
		DefaultPatchManager manager = new DefaultPatchManager(set("A"), true, Duration.ofSeconds(10), this.registry);
		manager.releaseCreation();
		Lease pausing = manager.hold("pausing");
		assertThat(pausing).isNotNull();
		assertThat(this.registry.leases()).containsExactly(pausing);

		manager.closing();
		manager.close();

		assertThat(this.registry.leases()).isEmpty();
		assertThat(pausing.isReleased()).isTrue();
		assertThat(System.getProperty(KEY)).isNull();
	}

	@Test
	void aLeaseThisThreadTookForAnUnrelatedOwnerIsSetAsideWhileTheNewerOneIsHeld() throws Exception {
		// Found by the lifecycle fuzzer (and NestedConcurrencyTests on JUnit 5): a worker
		// thread
		// waiting for its class's methods runs a test of another class (work stealing);
		// waiting
		// there for the outer class's lease would never end.
		Owner outer = new Owner(null, "outer");
		Lease first = this.registry.acquire(set("B"), new Owner(outer, "first"), Recording.NONE, "first", SHORT);
		Lease second = this.registry.acquire(set("A"), new Owner(outer, "second"), Recording.NONE, "second", SHORT);
		assertThat(System.getProperty(KEY)).isEqualTo("A");
		// Only on the thread that took it: elsewhere, the outer lease still keeps other
		// sets out.
		CompletableFuture<Lease> elsewhere = startOnNewThread(
				() -> this.registry.acquire(set("A"), "other class", Recording.NONE, "other class", SHORT),
				new AtomicReference<>());
		assertThat(elsewhere).failsWithin(Duration.ofSeconds(10))
			.withThrowableOfType(ExecutionException.class)
			.withCauseInstanceOf(PatchWaitTimeoutException.class);
		this.registry.release(second);
		assertThat(System.getProperty(KEY)).isEqualTo("B");
		this.registry.release(first);
	}

	@Test
	void twoClassesOfOneSetWhoseNestedOwnersWaitForEachOthersClassBothGetTheirTurn() throws Exception {
		// Found by the lifecycle fuzzer (a @Nested class with its own context beside an
		// unrelated class of the outer set): each nested owner waited for the other
		// class's lease until the timeout.
		Owner first = new Owner(null, "first class");
		Owner second = new Owner(null, "second class");
		Lease firstClass = onAnotherThread(
				() -> this.registry.acquire(set("A"), first, Recording.NONE, "first class", SHORT));
		Lease secondClass = onAnotherThread(
				() -> this.registry.acquire(set("A"), second, Recording.NONE, "second class", SHORT));
		CompletableFuture<Lease> firstNested = waitingOnAnotherThread(() -> this.registry.acquire(set("B"),
				new Owner(first, "first nested"), Recording.NONE, "first nested", Duration.ofSeconds(10)));
		Lease secondNested = onAnotherThread(() -> this.registry.acquire(set("C"), new Owner(second, "second nested"),
				Recording.NONE, "second nested", Duration.ofSeconds(10)));
		assertThat(System.getProperty(KEY)).isEqualTo("C");
		assertThat(firstNested).as("the other nested owner's set is in effect").isNotDone();
		this.registry.release(secondNested);
		assertThat(System.getProperty(KEY)).isEqualTo("A");
		assertThat(firstNested).as("the second class still holds A").isNotDone();
		this.registry.release(secondClass);
		Lease firstNestedLease = firstNested.get(10, TimeUnit.SECONDS);
		assertThat(System.getProperty(KEY)).isEqualTo("B");
		this.registry.release(firstNestedLease);
		assertThat(System.getProperty(KEY)).isEqualTo("A");
		this.registry.release(firstClass);
	}

	@Test
	void aSetThatFailsToApplyLeavesNoLeaseAndTheJvmAsItWas() {
		Lease a = acquire("A", "class 1");
		PatchSet failing = new PatchSet(List.of(new Failing()), "failing context");
		assertThatExceptionOfType(PatchFailedException.class)
			.isThrownBy(() -> this.registry.acquire(failing, "class 1", Recording.NONE, "failing", SHORT))
			.withMessageContaining("Patch 'failing' could not be applied for failing context");
		assertThat(this.registry.leases()).containsExactly(a);
		assertThat(System.getProperty(KEY)).isEqualTo("A");
		this.registry.release(a);
	}

	/**
	 * A lease taken on another thread (a lease the waiting thread holds itself fails at
	 * once, see above).
	 */
	private Lease acquire(String name, String owner) {
		return onAnotherThread(() -> this.registry.acquire(set(name), owner, Recording.NONE, owner + " holder", SHORT));
	}

	/**
	 * Runs {@code acquire} on a new thread of its own: leases belong to threads, so a
	 * pooled thread (which may run a second task while it waits for the first) would make
	 * two owners one.
	 */
	private static CompletableFuture<Lease> startOnNewThread(Supplier<Lease> acquire, AtomicReference<Thread> thread) {
		CompletableFuture<Lease> result = new CompletableFuture<>();
		Thread started = new Thread(() -> {
			try {
				result.complete(acquire.get());
			}
			catch (Throwable ex) {
				result.completeExceptionally(ex);
			}
		}, "registry-test");
		started.setDaemon(true);
		thread.set(started);
		started.start();
		return result;
	}

	private static Lease onAnotherThread(Supplier<Lease> acquire) {
		try {
			return startOnNewThread(acquire, new AtomicReference<>()).get(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Starts {@code acquire} on a new thread and returns once that thread is blocked
	 * waiting for its turn.
	 */
	private static CompletableFuture<Lease> waitingOnAnotherThread(Supplier<Lease> acquire)
			throws InterruptedException {
		AtomicReference<Thread> thread = new AtomicReference<>();
		CompletableFuture<Lease> result = startOnNewThread(acquire, thread);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (thread.get().getState() != Thread.State.TIMED_WAITING
				&& thread.get().getState() != Thread.State.WAITING) {
			assertThat(result).as("the request should wait, not finish").isNotDone();
			assertThat(System.nanoTime()).as("the request never started waiting").isLessThan(deadline);
			Thread.sleep(5);
		}
		return result;
	}

	private static PatchSet set(String name) {
		return new PatchSet(List.of(new Marker(name)), "context " + name);
	}

	private record Marker(String value) implements PatchEntry {

		@Override
		public String name() {
			return "marker";
		}

		@Override
		public Object fingerprint() {
			return this.value;
		}

		@Override
		public dev.patching.Unpatch apply(Recording recording) {
			String previous = System.getProperty(KEY);
			System.setProperty(KEY, this.value);
			return () -> {
				if (previous == null) {
					System.clearProperty(KEY);
				}
				else {
					System.setProperty(KEY, previous);
				}
			};
		}

	}

	private static final class Failing implements PatchEntry {

		@Override
		public String name() {
			return "failing";
		}

		@Override
		public Object fingerprint() {
			return "failing";
		}

		@Override
		public dev.patching.Unpatch apply(Recording recording) {
			throw new IllegalStateException("cannot");
		}

	}

}
