package dev.patching.internal.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import dev.patching.ConnectionAttempt;
import dev.patching.DnsLookup;
import dev.patching.PatchManager;
import dev.patching.PatchScope;
import dev.patching.PatchWaitTimeoutException;
import dev.patching.TimeControl;
import org.jspecify.annotations.Nullable;

/**
 * The {@link PatchManager} of one context: its patch set, its records, and the leases
 * that put the set in effect while the context starts, while its test classes run, while
 * it is paused or restarted, and while it closes. Thread-safe.
 */
public final class DefaultPatchManager implements PatchManager {

	private final PatchSet set;

	private final boolean enabled;

	private final Duration timeout;

	private final PatchRegistry registry;

	private final Recorder recorder = new Recorder();

	private @Nullable Lease creation;

	/** The owner acting on the thread that creates the context. */
	private volatile @Nullable Object creator;

	private @Nullable Lease closing;

	private volatile boolean closed;

	/**
	 * Until the creation lease is given back (or the context closes): the context is not
	 * in Spring's cache yet.
	 */
	private volatile boolean starting = true;

	/**
	 * Whether the context's lifecycle is started (not paused); Spring Framework 7 pauses
	 * idle cached contexts.
	 */
	private volatile boolean running;

	/** Leases of test classes and methods on this context held now. */
	private final AtomicInteger users = new AtomicInteger();

	/** Pauses the context under its set; none when Spring never pauses contexts. */
	private @Nullable Runnable pauser;

	/** While the context is started and unused (see {@link PatchRegistry.Idle}). */
	private PatchRegistry.@Nullable Idle idle;

	private volatile boolean closingStarted;

	/**
	 * Leases from {@link #hold} not given back yet: the context's close gives back what
	 * its pause or restart did not (a stop that failed part-way).
	 */
	private final Set<Lease> holds = ConcurrentHashMap.newKeySet();

	/**
	 * Builds the context's set with overrides layered on; none once the context is closed
	 * (it keeps the context's environment).
	 */
	private volatile @Nullable Function<Map<String, String>, PatchSet> deriver;

	/**
	 * The sets derived from the context's for overrides, by their properties; their hooks
	 * are held until the context closes.
	 */
	private final Map<Map<String, String>, PatchSet> derived = new ConcurrentHashMap<>();

	public DefaultPatchManager(PatchSet set, boolean enabled, Duration timeout, PatchRegistry registry) {
		this(set, enabled, timeout, registry, null);
	}

	/**
	 * @param deriver builds the context's set with {@code patching.*} overrides layered
	 * on its properties (none: the context takes no overrides)
	 */
	public DefaultPatchManager(PatchSet set, boolean enabled, Duration timeout, PatchRegistry registry,
			@Nullable Function<Map<String, String>, PatchSet> deriver) {
		this.set = set;
		this.enabled = enabled;
		this.timeout = timeout;
		this.registry = registry;
		this.deriver = deriver;
	}

	/**
	 * Puts the set in effect for the context's start, for the owner acting on this
	 * thread; held until that owner holds its own lease ({@link #releaseCreation}), or
	 * the context closes.
	 */
	public synchronized void starting() {
		starting(null);
	}

	/**
	 * Like {@link #starting()}; {@code pause}, when given, is called while the set cannot
	 * be put in effect at once, and must return after a short while (it may release a
	 * monitor meanwhile).
	 */
	public synchronized void starting(@Nullable Runnable pause) {
		this.creator = PatchOwners.current();
		this.recorder.starting(Thread.currentThread());
		if (this.set.needsHooks()) {
			EntryHooks.acquire();
		}
		try {
			this.set.acquireOwnHooks();
		}
		catch (RuntimeException | Error ex) {
			if (this.set.needsHooks()) {
				EntryHooks.release();
			}
			throw ex;
		}
		try {
			this.creation = take("context " + this.set.description(), pause);
		}
		catch (RuntimeException | Error ex) {
			try {
				this.set.releaseOwnHooks();
			}
			finally {
				if (this.set.needsHooks()) {
					EntryHooks.release();
				}
			}
			throw ex;
		}
	}

	/**
	 * Puts the set in effect for a test class ({@code owner}).
	 * @throws IllegalStateException when the context was closed
	 */
	public Lease enter(Object owner, String who) {
		return enter(owner, who, Set.of());
	}

	/**
	 * Like {@link #enter(Object, String)}, not waiting for the idle contexts in
	 * {@code excused} (its parents).
	 */
	public Lease enter(Object owner, String who, Set<Object> excused) {
		return enter(owner, who, excused, Map.of());
	}

	/**
	 * Like {@link #enter(Object, String, Set)}, on the context's set with
	 * {@code overrides} layered on ({@link #setWith}).
	 */
	public Lease enter(Object owner, String who, Set<Object> excused, Map<String, String> overrides) {
		if (this.closed) {
			throw new IllegalStateException(who + " uses a test context that was already closed ("
					+ this.set.description()
					+ "); its patches were restored and will not be applied again.\n\nThis happens when a closed context"
					+ " is reused by mistake, e.g. a context closed by hand while still cached: mark the class with @DirtiesContext instead.");
		}
		PatchSet target = setWith(overrides);
		Lease lease = this.registry.acquire(target, owner, this.recorder, who, this.timeout, excused);
		synchronized (this) {
			this.users.incrementAndGet();
			busy();
		}
		return lease;
	}

	/** Gives a test class's lease back; the context is idle when it was the last one. */
	public synchronized void exit(Lease lease) {
		if (!lease.isReleased()) {
			this.users.decrementAndGet();
		}
		releaseMaybeIdle(lease);
	}

	/**
	 * Spring Framework 7 may pause this context while it is idle; {@code pauser} pauses
	 * it under its set, for whichever lease on another set comes first (see
	 * {@link PatchRegistry.Idle}); none when Spring does not pause contexts.
	 */
	public synchronized void pausable(@Nullable Runnable pauser) {
		this.pauser = pauser;
	}

	/**
	 * A lease to pause the idle context under, for the owner acting on this thread; none
	 * once the context is not idle (used again, paused by someone else, closed).
	 * {@code pause} as for {@link #starting(Runnable)}.
	 */
	public @Nullable Lease holdToPause(@Nullable Runnable pause) {
		PatchRegistry.Idle claim;
		synchronized (this) {
			claim = this.idle;
		}
		if (claim == null) {
			return null;
		}
		String who = "pausing idle context " + this.set.description();
		if (pause == null) {
			return this.registry.acquireToPause(claim, PatchOwners.current(), this.recorder, who, this.timeout);
		}
		long deadline = System.nanoTime() + this.timeout.toNanos();
		while (true) {
			Lease lease = this.registry.tryAcquireToPause(claim, PatchOwners.current(), this.recorder, who);
			if (lease != null || !this.registry.isIdle(claim)) {
				return lease;
			}
			if (System.nanoTime() > deadline) {
				throw new PatchWaitTimeoutException(who, this.timeout, this.registry.holdersNow());
			}
			pause.run();
		}
	}

	private boolean isIdle() {
		return this.pauser != null && this.running && !this.closed && !this.closingStarted && !this.starting
				&& this.users.get() == 0;
	}

	/**
	 * Releases {@code lease} (when given) and, in the same step, marks the context idle
	 * if it is.
	 */
	private void releaseMaybeIdle(@Nullable Lease lease) {
		Runnable pause = this.pauser;
		if (this.idle == null && pause != null && isIdle()) {
			PatchRegistry.Idle now = new PatchRegistry.Idle(this.set, this, pause);
			this.idle = now;
			if (lease != null) {
				this.registry.release(lease, now);
			}
			else {
				this.registry.idle(now);
			}
		}
		else if (lease != null) {
			this.registry.release(lease);
		}
	}

	private void busy() {
		PatchRegistry.Idle current = this.idle;
		if (current != null) {
			this.registry.busy(current);
			this.idle = null;
		}
	}

	/**
	 * Puts the set in effect for the owner acting on this thread while the context's
	 * lifecycle is started or stopped outside a refresh or close (Spring Framework 7
	 * pauses idle cached contexts and restarts them on reuse). None once the context is
	 * closed.
	 */
	public @Nullable Lease hold(String what) {
		return hold(what, null);
	}

	/** Like {@link #hold(String)}; {@code pause} as for {@link #starting(Runnable)}. */
	public @Nullable Lease hold(String what, @Nullable Runnable pause) {
		if (this.closed) {
			return null;
		}
		Lease lease = take(what + " " + this.set.description(), pause);
		if (lease == null) {
			return null;
		}
		this.holds.add(lease);
		if (this.closed) {
			// Closed while it waited (a wait inside Spring's cache lets another class
			// close it): nothing will give this lease back.
			release(lease);
			return null;
		}
		return lease;
	}

	/**
	 * A lease for the owner acting on this thread, for the context's own lifecycle. With
	 * {@code pause} (the thread holds Spring's context cache monitor), taken in one step
	 * when it may be, else after {@code pause} lets the others use the cache a while:
	 * never a blocking wait there, where the class that holds the other set may be
	 * waiting to get in. None when the context closed meanwhile.
	 */
	private @Nullable Lease take(String who, @Nullable Runnable pause) {
		Object owner = PatchOwners.current();
		if (pause == null) {
			return this.registry.acquire(this.set, owner, this.recorder, who, this.timeout, Lease.ALL_IDLE);
		}
		long deadline = System.nanoTime() + this.timeout.toNanos();
		while (true) {
			Lease lease = this.registry.tryAcquire(this.set, owner, this.recorder, who);
			if (lease != null) {
				return lease;
			}
			if (this.closed) {
				return null;
			}
			if (System.nanoTime() > deadline) {
				throw new PatchWaitTimeoutException(who, this.timeout, this.registry.holdersNow());
			}
			pause.run();
		}
	}

	/**
	 * Whether the owner this context is being created for is {@code owner} or related to
	 * it (one nested in the other): then a lease {@code owner} holds never keeps the
	 * creation waiting.
	 */
	public boolean isCreatedFor(Object owner) {
		Object by = this.creator;
		return by != null && Owner.related(by, owner);
	}

	/** Gives a lease from {@link #hold} back. */
	public void release(@Nullable Lease lease) {
		if (lease != null) {
			this.holds.remove(lease);
			this.registry.release(lease);
		}
	}

	/**
	 * Whether the context is started and no test class or method holds a lease on it:
	 * Framework 7 may pause it.
	 */
	public boolean isIdleAndRunning() {
		return this.running && !this.closed && this.users.get() == 0;
	}

	public synchronized void running(boolean running) {
		this.running = running;
		if (running) {
			releaseMaybeIdle(null);
		}
		else {
			busy();
		}
	}

	/** The start is over and whoever asked for the context holds its own lease. */
	public synchronized void releaseCreation() {
		this.starting = false;
		this.recorder.starting(null);
		Lease lease = this.creation;
		this.creation = null;
		releaseMaybeIdle(lease);
	}

	/** The context starts closing: destroy callbacks must still see the patches. */
	public void closing() {
		closing(null);
	}

	/** Like {@link #closing()}; {@code pause} as for {@link #starting(Runnable)}. */
	public void closing(@Nullable Runnable pause) {
		synchronized (this) {
			this.closingStarted = true;
			busy();
		}
		Lease lease = this.closed ? null : take("closing context " + this.set.description(), pause);
		synchronized (this) {
			this.closing = lease;
		}
	}

	/**
	 * The last bean is destroyed: restore, and let the hooks go when no other context
	 * needs them.
	 */
	public void close() {
		if (this.closed) {
			return;
		}
		Lease closingLease;
		synchronized (this) {
			this.closed = true;
			this.running = false;
			this.starting = false;
			busy();
			closingLease = this.closing;
			this.closing = null;
		}
		try {
			releaseCreation();
			for (Lease held : List.copyOf(this.holds)) {
				release(held);
			}
			if (closingLease != null) {
				this.registry.release(closingLease);
			}
		}
		finally {
			this.deriver = null;
			try {
				releaseDerivedHooks();
			}
			finally {
				try {
					this.set.releaseOwnHooks();
				}
				finally {
					if (this.set.needsHooks()) {
						EntryHooks.release();
					}
				}
			}
		}
	}

	public PatchSet set() {
		return this.set;
	}

	/** Lets go of the hooks the derived sets held (each release is tried). */
	private void releaseDerivedHooks() {
		List<PatchSet> sets;
		synchronized (this.derived) {
			sets = new ArrayList<>(this.derived.values());
			this.derived.clear();
		}
		RuntimeException failure = null;
		for (PatchSet made : sets) {
			try {
				made.releaseOwnHooks();
			}
			catch (RuntimeException ex) {
				failure = (failure != null) ? failure : ex;
			}
			finally {
				if (made.needsHooks()) {
					EntryHooks.release();
				}
			}
		}
		if (failure != null) {
			throw failure;
		}
	}

	/**
	 * The context's set with {@code overrides} layered on its properties; the context's
	 * own for none. Built once per distinct overrides, sharing the entries that do the
	 * same as the context's; the hooks it needs are installed now and held until the
	 * context closes.
	 * @throws dev.patching.PatchingConfigurationException when an override is invalid
	 * @throws IllegalStateException when the context takes no overrides or is closed
	 */
	public PatchSet setWith(Map<String, String> overrides) {
		if (overrides.isEmpty()) {
			return this.set;
		}
		PatchSet known = this.derived.get(overrides);
		if (known != null) {
			return known;
		}
		synchronized (this.derived) {
			known = this.derived.get(overrides);
			if (known != null) {
				return known;
			}
			Function<Map<String, String>, PatchSet> derive = this.deriver;
			if (derive == null || this.closed) {
				throw new IllegalStateException("Overrides " + overrides + " cannot be applied to "
						+ this.set.description() + (this.closed ? ": the context is closed." : ": it takes none."));
			}
			Map<String, String> key = Map.copyOf(overrides);
			PatchSet made = derive.apply(key).reusing(this.set);
			if (made.needsHooks()) {
				EntryHooks.acquire();
			}
			try {
				made.acquireOwnHooks();
			}
			catch (RuntimeException | Error ex) {
				if (made.needsHooks()) {
					EntryHooks.release();
				}
				throw ex;
			}
			this.derived.put(key, made);
			return made;
		}
	}

	@Override
	public PatchScope override(Map<String, String> properties) {
		Objects.requireNonNull(properties, "properties");
		Object acting = PatchOwners.get();
		Owner parent = (acting instanceof Owner owner) ? owner : null;
		Map<String, String> layered = new LinkedHashMap<>((parent != null) ? parent.overrides() : Map.of());
		layered.putAll(properties);
		Scope scope = new Scope(parent,
				"an override scope of " + ((acting != null) ? acting : Thread.currentThread()) + " " + properties,
				layered, acting);
		scope.lease = enter(scope, scope.toString(), Set.of(), layered);
		PatchOwners.set(scope);
		return scope;
	}

	/** An open {@link #override(Map)}: the owner of its lease, nested in the caller's. */
	private final class Scope extends Owner implements PatchScope {

		private final @Nullable Object previous;

		private final Thread thread = Thread.currentThread();

		private @Nullable Lease lease;

		private Scope(@Nullable Owner parent, String name, Map<String, String> overrides, @Nullable Object previous) {
			super(parent, name, overrides);
			this.previous = previous;
		}

		@Override
		public Owner recordsFor() {
			Owner parent = parent();
			return (parent != null) ? parent.recordsFor() : this;
		}

		@Override
		public void close() {
			Lease held;
			synchronized (this) {
				held = this.lease;
				this.lease = null;
			}
			if (held == null) {
				return;
			}
			try {
				exit(held);
			}
			finally {
				if (Thread.currentThread() == this.thread && PatchOwners.get() == this) {
					PatchOwners.set(this.previous);
				}
			}
		}

	}

	/**
	 * Whether the context is still being created (not yet handed to whoever asked for
	 * it).
	 */
	public boolean isStarting() {
		return this.starting;
	}

	/** How long this context's users wait for other patch sets. */
	public Duration waitTimeout() {
		return this.timeout;
	}

	public boolean isClosed() {
		return this.closed;
	}

	/**
	 * Whether the context is closing or closed: Spring took it out of its cache (evicted,
	 * dirtied), and whoever asks for its configuration now gets a new one.
	 */
	public boolean isClosing() {
		return this.closingStarted || this.closed;
	}

	@Override
	public boolean isEnabled() {
		return this.enabled && !this.set.isEmpty();
	}

	@Override
	public List<String> patches() {
		return this.set.names();
	}

	@Override
	public boolean isInEffect() {
		if (this.registry.isInEffect(this.set)) {
			return true;
		}
		for (PatchSet own : this.derived.values()) {
			if (this.registry.isInEffect(own)) {
				return true;
			}
		}
		return false;
	}

	@Override
	public TimeControl time() {
		Object acting = PatchOwners.get();
		PatchSet seen = (acting instanceof Owner owner && !owner.overrides().isEmpty()) ? setWith(owner.overrides())
				: this.set;
		for (PatchEntry entry : seen.entries()) {
			TimeControl control = entry.timeControl();
			if (control != null) {
				return control;
			}
		}
		throw new IllegalStateException("PatchManager.time() needs a clock patch, and " + this.set.description()
				+ " has none" + (this.enabled ? "" : " (patching.enabled=false)")
				+ ".\n\nSet patching.time.fixed (e.g. 2030-01-01T09:00:00Z) or patching.time.offset (e.g. -P30D) "
				+ "for this test class.");
	}

	@Override
	public List<ConnectionAttempt> connectionAttempts() {
		return this.recorder.connections();
	}

	@Override
	public List<DnsLookup> dnsLookups() {
		return this.recorder.lookups();
	}

	/**
	 * Totals by outcome since the context started; not reset by {@link #clearRecords()}.
	 */
	public Recorder.Totals totals() {
		return this.recorder.totals();
	}

	/** Where the records stand now, to read what a test class saw when it ends. */
	public Recorder.Mark mark() {
		return this.recorder.mark();
	}

	/**
	 * The connects recorded since {@code mark}; {@link #clearRecords()} does not change
	 * them.
	 */
	/**
	 * The connects {@code reader} (a test class) made since {@code mark}, and those from
	 * shared threads.
	 */
	public Recorder.Slice<ConnectionAttempt> connectionsSince(Recorder.Mark mark, Object reader) {
		return this.recorder.connectionsSince(mark, reader);
	}

	/**
	 * The lookups {@code reader} (a test class) made since {@code mark}, and those from
	 * shared threads.
	 */
	public Recorder.Slice<DnsLookup> lookupsSince(Recorder.Mark mark, Object reader) {
		return this.recorder.lookupsSince(mark, reader);
	}

	/**
	 * The lookups recorded since {@code mark}; {@link #clearRecords()} does not change
	 * them.
	 */
	@Override
	public void clearRecords() {
		this.recorder.clear();
	}

	@Override
	public String toString() {
		return "PatchManager" + this.set + " for " + this.set.description();
	}

}
