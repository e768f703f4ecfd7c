package dev.patching.core;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import dev.patching.ConnectionAttempt;
import dev.patching.DnsLookup;

/**
 * Keeps what one context's patches saw, the newest {@value #LIMIT} of each kind, plus totals
 * that {@link #clear()} leaves alone (the per-class report counts with them).
 */
public final class Recorder implements Recording {

	static final int LIMIT = 10_000;

	private final Deque<ConnectionAttempt> connections = new ArrayDeque<>();

	private final Deque<DnsLookup> lookups = new ArrayDeque<>();

	private final long[] connectionTotals = new long[ConnectionAttempt.Outcome.values().length];

	private final long[] lookupTotals = new long[DnsLookup.Outcome.values().length];

	@Override
	public synchronized void connection(ConnectionAttempt attempt) {
		add(this.connections, attempt);
		this.connectionTotals[attempt.outcome().ordinal()]++;
	}

	@Override
	public synchronized void lookup(DnsLookup lookup) {
		add(this.lookups, lookup);
		this.lookupTotals[lookup.outcome().ordinal()]++;
	}

	/** How many connects and lookups of each outcome were ever recorded. */
	public synchronized Totals totals() {
		return new Totals(this.connectionTotals.clone(), this.lookupTotals.clone());
	}

	private static <T> void add(Deque<T> records, T record) {
		if (records.size() == LIMIT) {
			records.removeFirst();
		}
		records.addLast(record);
	}

	public synchronized List<ConnectionAttempt> connections() {
		return List.copyOf(this.connections);
	}

	public synchronized List<DnsLookup> lookups() {
		return List.copyOf(this.lookups);
	}

	public synchronized void clear() {
		this.connections.clear();
		this.lookups.clear();
	}

	/**
	 * Counts by outcome, indexed by {@code ordinal()}.
	 */
	public record Totals(long[] connections, long[] lookups) {

		public long of(ConnectionAttempt.Outcome outcome) {
			return this.connections[outcome.ordinal()];
		}

		public long of(DnsLookup.Outcome outcome) {
			return this.lookups[outcome.ordinal()];
		}

		/** What was recorded since {@code earlier}. */
		public Totals since(Totals earlier) {
			long[] c = this.connections.clone();
			long[] l = this.lookups.clone();
			for (int i = 0; i < c.length; i++) {
				c[i] -= earlier.connections[i];
			}
			for (int i = 0; i < l.length; i++) {
				l[i] -= earlier.lookups[i];
			}
			return new Totals(c, l);
		}

	}

}
