package dev.patching.internal.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import dev.patching.PatchWaitTimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The one JVM-wide answer to "whose patches are in effect now".
 * <p>
 * Whoever needs a patch set in effect holds a {@link Lease} on it for an {@link Owner}: a
 * test class while it runs, a test method execution inside it, a context while it is
 * created, paused, restarted or closed (for the owner acting on that thread). Two rules:
 * <ul>
 * <li>Leases of owners that are not related (neither nested in the other) may only be
 * held at once when their sets are equal; an exclusive lease (a context about to be
 * created, whose set is not known yet) excludes every unrelated owner. So test classes
 * whose sets differ never run at the same time: the later one waits, up to a bound.</li>
 * <li>Related leases may differ: the innermost wins. In effect is the set of the leases
 * that nothing shadows (a lease is shadowed by a later one of the same owner, and by any
 * lease of an owner nested in its own); by the first rule those agree. When none is left
 * the JVM is clean.</li>
 * </ul>
 * A lease the same thread took for an unrelated owner is set aside while a newer one is
 * held: a parallel test engine runs one test inside another on a thread that waits for
 * its own work, and the outer one can do nothing there until the inner one is done.
 * <p>
 * A waiting exclusive lease holds back new owners that hold nothing yet, so a context
 * waiting to be created is not starved by classes that keep overlapping.
 * <p>
 * While an owner waits for a lease on another set than one its ancestor holds as a test
 * class or method (a {@code @Nested} class with its own context, a test method with its
 * own overrides), that ancestor's lease holds nobody back: the ancestor does nothing
 * until its nested owner is done, and two classes of one set whose nested owners each
 * wait for the other's class would otherwise wait forever. Once the nested owner holds
 * its lease, the ancestor's is shadowed by it, and everyone who entered meanwhile is
 * newer still.
 * <p>
 * A context that is started but used by no test class is {@linkplain Idle idle}: Spring
 * Framework 7 stops (pauses) it when another context is asked for, on the thread that
 * asks. Its stop callbacks must run under its own set, which cannot be put in effect
 * while owners of another set hold leases. So an idle context holds back new leases on
 * other sets, and the first of them to come pauses it (under its set) before it enters:
 * by the time Spring would pause it, it is paused already.
 */
public final class PatchRegistry {

	private static final PatchRegistry JVM = new PatchRegistry();

	private static final Recording[] NO_RECORDINGS = new Recording[0];

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	private final List<Lease> leases = new ArrayList<>();

	/** Exclusive leases waiting for their turn, oldest first. */
	private final List<Lease> waitingExclusive = new ArrayList<>();

	/** Every lease waiting for its turn. */
	private final List<Lease> waiting = new ArrayList<>();

	/** Idle contexts Spring may pause, oldest first. */
	private final List<Idle> idle = new ArrayList<>();

	private final Broadcast broadcast = new Broadcast();

	private PatchSet appliedSet = PatchSet.EMPTY;

	private PatchSet.@Nullable Applied applied;

	/** The registry of this JVM. */
	public static PatchRegistry jvm() {
		return JVM;
	}

	/**
	 * Puts {@code set} in effect for {@code owner}, waiting while owners of a different
	 * set hold leases.
	 * @param who what is asking, for messages (a test class, a context)
	 * @param timeout how long to wait for other owners
	 * @throws PatchWaitTimeoutException when the wait exceeds {@code timeout}
	 * @throws dev.patching.PatchFailedException when the set cannot be applied (nothing
	 * is left patched)
	 */
	public Lease acquire(PatchSet set, Object owner, Recording recording, String who, Duration timeout) {
		return taken(acquire(new Lease(set, owner, recording, who, false), timeout));
	}

	/**
	 * Like {@link #acquire(PatchSet, Object, Recording, String, Duration)}, not waiting
	 * for the idle contexts in {@code excused} (the parents of the context the lease is
	 * for).
	 */
	public Lease acquire(PatchSet set, Object owner, Recording recording, String who, Duration timeout,
			Set<Object> excused) {
		return taken(acquire(new Lease(set, owner, recording, who, false, excused, null), timeout));
	}

	/**
	 * A lease to pause the idle context {@code idle} under (its set): it does not wait
	 * for idle contexts, nor behind exclusive requests. None, without waiting further, as
	 * soon as the context is not idle any more (a class took it up, someone else paused
	 * it).
	 */
	@Nullable Lease acquireToPause(Idle idle, Object owner, Recording recording, String who, Duration timeout) {
		return acquire(new Lease(idle.set(), owner, recording, who, false, Set.of(), idle), timeout);
	}

	/**
	 * Like {@link #acquireExclusive(Object, String, Duration)}, not waiting for the idle
	 * contexts in {@code excused}.
	 */
	public Lease acquireExclusive(Object owner, String who, Duration timeout, Set<Object> excused) {
		return taken(acquire(new Lease(PatchSet.EMPTY, owner, Recording.NONE, who, true, excused, null), timeout));
	}

	/**
	 * Waits until no other owner holds a lease, then keeps them out (the JVM clean) until
	 * released. Taken while a context is being created, so that its creation never has to
	 * wait inside Spring's context cache lock.
	 */
	public Lease acquireExclusive(Object owner, String who, Duration timeout) {
		return taken(acquire(new Lease(PatchSet.EMPTY, owner, Recording.NONE, who, true), timeout));
	}

	/** A lease that is not taken to pause an idle context is always taken (or throws). */
	private static Lease taken(@Nullable Lease lease) {
		return Objects.requireNonNull(lease, "lease");
	}

	/**
	 * The lease, once its turn came; none when a lease to pause is not needed any more.
	 */
	private @Nullable Lease acquire(Lease lease, Duration timeout) {
		this.lock.lock();
		try {
			if (!awaitTurn(lease, timeout)) {
				return null;
			}
			return add(lease);
		}
		finally {
			this.changed.signalAll();
			this.lock.unlock();
		}
	}

	/**
	 * Puts {@code set} in effect for {@code owner} if it may be now, else returns none at
	 * once: for a thread that must not block while it waits (it holds Spring's context
	 * cache monitor and waits on it in short steps instead). Checking and taking are one
	 * step, so no other lease can slip in between. It does not wait for idle contexts nor
	 * queue behind exclusive requests: a context already being created inside Spring's
	 * cache goes before a class that would only wait for that cache in turn.
	 */
	@Nullable Lease tryAcquire(PatchSet set, Object owner, Recording recording, String who) {
		Lease lease = new Lease(set, owner, recording, who, false, Lease.ALL_IDLE, null, true);
		this.lock.lock();
		try {
			return mayEnter(lease) ? add(lease) : null;
		}
		finally {
			this.changed.signalAll();
			this.lock.unlock();
		}
	}

	/**
	 * Like {@link #acquireToPause}, without waiting: none when the context is not idle
	 * any more or when the lease may not be taken now ({@link #isIdle} tells which).
	 */
	@Nullable Lease tryAcquireToPause(Idle idle, Object owner, Recording recording, String who) {
		Lease lease = new Lease(idle.set(), owner, recording, who, false, Set.of(), idle, true);
		this.lock.lock();
		try {
			return (this.idle.contains(idle) && mayEnter(lease)) ? add(lease) : null;
		}
		finally {
			this.changed.signalAll();
			this.lock.unlock();
		}
	}

	/** Whether {@code context} is still idle (no class took it up, nobody paused it). */
	boolean isIdle(Idle context) {
		this.lock.lock();
		try {
			return this.idle.contains(context);
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Who holds leases now, for a wait timeout's message. */
	String holdersNow() {
		this.lock.lock();
		try {
			return holders();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Adds a lease whose turn came and puts the set in effect; called with the lock. */
	private Lease add(Lease lease) {
		this.leases.add(lease);
		try {
			reconcile();
		}
		catch (RuntimeException | Error ex) {
			this.leases.remove(lease);
			lease.released = true;
			try {
				reconcile();
			}
			catch (RuntimeException | Error again) {
				ex.addSuppressed(again);
			}
			throw ex;
		}
		return lease;
	}

	/**
	 * Gives a lease back; when it was the last one of its set, the set is restored and
	 * the next one (or the clean JVM) takes its place. Releasing twice does nothing.
	 * @throws dev.patching.PatchFailedException when a restore failed (the others still
	 * ran)
	 */
	public void release(Lease lease) {
		this.lock.lock();
		try {
			if (lease.released) {
				return;
			}
			lease.released = true;
			this.leases.remove(lease);
			reconcile();
		}
		finally {
			this.changed.signalAll();
			this.lock.unlock();
		}
	}

	/**
	 * Like {@link #release(Lease)}, and in the same step marks {@code now} idle: no lease
	 * on another set can slip in between.
	 */
	void release(Lease lease, Idle now) {
		this.lock.lock();
		try {
			this.idle.add(now);
			release(lease);
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Marks a context idle (see {@link Idle}). */
	void idle(Idle context) {
		this.lock.lock();
		try {
			this.idle.add(context);
		}
		finally {
			this.lock.unlock();
		}
	}

	/** The context is used, paused or closing: it holds nothing back any more. */
	void busy(Idle context) {
		this.lock.lock();
		try {
			if (this.idle.remove(context)) {
				this.changed.signalAll();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Whether {@code set} (or an equal one) is in effect now. */
	public boolean isInEffect(PatchSet set) {
		this.lock.lock();
		try {
			return !set.isEmpty() && this.appliedSet.equals(set);
		}
		finally {
			this.lock.unlock();
		}
	}

	/** The set in effect now ({@link PatchSet#EMPTY} when the JVM is clean). */
	public PatchSet current() {
		this.lock.lock();
		try {
			return this.appliedSet;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** The leases held now, oldest first (for diagnostics and tests). */
	public List<Lease> leases() {
		this.lock.lock();
		try {
			return List.copyOf(this.leases);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Returns false when a lease taken to pause an idle context is not needed any more.
	 */
	private boolean awaitTurn(Lease lease, Duration timeout) {
		if (lease.pausing != null && !this.idle.contains(lease.pausing)) {
			return false;
		}
		if (mayEnter(lease)) {
			return true;
		}
		if (lease.exclusive) {
			this.waitingExclusive.add(lease);
		}
		this.waiting.add(lease);
		// Its ancestors' leases may hold nobody back from now on.
		this.changed.signalAll();
		try {
			long deadline = System.nanoTime() + timeout.toNanos();
			while (!mayEnter(lease)) {
				if (lease.pausing != null && !this.idle.contains(lease.pausing)) {
					return false;
				}
				Idle blocking = idleBlocking(lease);
				if (blocking != null) {
					this.lock.unlock();
					try {
						pause(blocking);
					}
					finally {
						this.lock.lock();
					}
					continue;
				}
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					throw new PatchWaitTimeoutException(lease.who, timeout, holders());
				}
				try {
					this.changed.awaitNanos(remaining);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException(lease.who + " was interrupted while waiting for " + holders(), ex);
				}
			}
			return true;
		}
		finally {
			this.waitingExclusive.remove(lease);
			this.waiting.remove(lease);
		}
	}

	/**
	 * The idle context {@code lease} waits for when nothing else keeps it out (no lease
	 * it is not compatible with, no exclusive request ahead of it), if any.
	 */
	private @Nullable Idle idleBlocking(Lease lease) {
		return mayEnterIgnoringIdle(lease) ? idleWaitedFor(lease) : null;
	}

	/** The oldest idle context {@code lease} waits for, if any. */
	private @Nullable Idle idleWaitedFor(Lease lease) {
		for (Idle context : this.idle) {
			if (lease.waitsFor(context)) {
				return context;
			}
		}
		return null;
	}

	/**
	 * Runs an idle context's pause (without the registry's lock: it takes a lease of its
	 * own).
	 */
	private void pause(Idle context) {
		try {
			context.pause().run();
		}
		finally {
			busy(context);
		}
	}

	private boolean mayEnter(Lease lease) {
		return mayEnterIgnoringIdle(lease) && idleWaitedFor(lease) == null;
	}

	private boolean mayEnterIgnoringIdle(Lease lease) {
		for (Lease held : this.leases) {
			if (!held.compatibleWith(lease) && !setAside(held, lease) && !yields(held)) {
				return false;
			}
		}
		if (lease.pausing == null && !lease.urgent && holdsNothing(lease.owner)) {
			// An owner that holds nothing yet lets a waiting exclusive lease go first.
			for (Lease waiting : this.waitingExclusive) {
				if (waiting == lease) {
					break;
				}
				if (!waiting.compatibleWith(lease)) {
					return false;
				}
			}
		}
		return true;
	}

	/**
	 * Whether no owner related to {@code owner} holds a lease: neither it, nor one it is
	 * nested in, nor one nested in it (a class whose method is creating its context is
	 * not new to the JVM).
	 */
	private boolean holdsNothing(Object owner) {
		for (Lease held : this.leases) {
			if (Owner.related(held.owner, owner)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Whether {@code held}, which {@code lease} is not compatible with, is set aside
	 * while {@code lease} is held: it was taken on the same thread for an owner not
	 * related to {@code lease}'s. A parallel test engine runs one test (or class) inside
	 * another on a thread that waits for its own work (work stealing); the outer owner
	 * can do nothing on that thread until the inner one returns, having given its leases
	 * back, and waiting for it there would never end. Its leases on other threads still
	 * count.
	 */
	private static boolean setAside(Lease held, Lease lease) {
		return held.thread == lease.thread && !Owner.related(held.owner, lease.owner);
	}

	/**
	 * Whether {@code held} holds nobody back because an owner nested in its owner waits
	 * for a lease on another set (see the class description).
	 */
	private boolean yields(Lease held) {
		if (held.exclusive || held.isContextLifecycle() || !(held.owner instanceof Owner ancestor)) {
			// An exclusive lease keeps the JVM clean for a context being created; a lease
			// of a context's creation, pause, restart or close covers its beans'
			// callbacks running now.
			return false;
		}
		for (Lease nested : this.waiting) {
			if (nested.owner != held.owner && ancestor.isAncestorOrSelfOf(nested.owner)
					&& (nested.exclusive || !nested.set.equals(held.set))) {
				return true;
			}
		}
		return false;
	}

	private String holders() {
		Set<String> who = new LinkedHashSet<>();
		for (Lease held : this.leases) {
			who.add(held.who + (held.exclusive ? " (starting a context)" : " (patches " + held.set + ")"));
		}
		return String.join(", ", who);
	}

	private void reconcile() {
		PatchSet target = target();
		@Nullable RuntimeException[] failure = new RuntimeException[1];
		if (!target.equals(this.appliedSet)) {
			EntryHooks.switching(() -> failure[0] = switchTo(target));
		}
		this.broadcast.to(recordingsOfAppliedSet());
		if (failure[0] != null) {
			throw failure[0];
		}
	}

	/** The recordings of the leases that share the applied set, each once. */
	private Recording[] recordingsOfAppliedSet() {
		if (this.appliedSet.isEmpty()) {
			return NO_RECORDINGS;
		}
		List<Recording> recordings = new ArrayList<>(this.leases.size());
		for (Lease held : this.leases) {
			if (!held.exclusive && held.set.equals(this.appliedSet) && !containsSame(recordings, held.recording)) {
				recordings.add(held.recording);
			}
		}
		return recordings.toArray(NO_RECORDINGS);
	}

	private static boolean containsSame(List<Recording> recordings, Recording recording) {
		for (Recording known : recordings) {
			if (known == recording) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Restores the applied set and applies {@code target}; returns what failed, if
	 * anything.
	 */
	private @Nullable RuntimeException switchTo(PatchSet target) {
		RuntimeException failure = null;
		if (this.applied != null) {
			try {
				this.applied.restore();
			}
			catch (RuntimeException ex) {
				failure = ex;
			}
		}
		this.applied = null;
		this.appliedSet = PatchSet.EMPTY;
		if (!target.isEmpty()) {
			try {
				this.applied = target.apply(this.broadcast);
				this.appliedSet = target;
			}
			catch (RuntimeException ex) {
				if (failure != null) {
					ex.addSuppressed(failure);
				}
				failure = ex;
			}
		}
		return failure;
	}

	/**
	 * The set of the newest lease that nothing shadows (they all agree), or the clean
	 * JVM.
	 */
	private PatchSet target() {
		for (int i = this.leases.size() - 1; i >= 0; i--) {
			Lease lease = this.leases.get(i);
			if (!isShadowed(i)) {
				return lease.exclusive ? PatchSet.EMPTY : lease.set;
			}
		}
		return PatchSet.EMPTY;
	}

	private boolean isShadowed(int index) {
		Lease lease = this.leases.get(index);
		for (int i = 0; i < this.leases.size(); i++) {
			Object other = this.leases.get(i).owner;
			if (i > index && other.equals(lease.owner)) {
				return true;
			}
			if (!other.equals(lease.owner) && lease.owner instanceof Owner owner && owner.isAncestorOrSelfOf(other)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * A context that is started while no test class uses it. Spring Framework 7 stops
	 * idle contexts (pauses them) when another context is asked for; {@code pause} does
	 * that under the context's own set, and is run by the first lease on another set that
	 * would otherwise wait for it.
	 *
	 * @param context the context's key (its manager), as named in
	 * {@link #acquire(PatchSet, Object, Recording, String, Duration, Set) excused} sets
	 */
	public record Idle(PatchSet set, Object context, Runnable pause) {

		@Override
		public boolean equals(@Nullable Object other) {
			return this == other;
		}

		@Override
		public int hashCode() {
			return System.identityHashCode(this);
		}

	}

	/** Waits no longer than this for a context's turn unless told otherwise. */
	public static Duration defaultTimeout() {
		return Duration.ofMinutes(5);
	}

}
