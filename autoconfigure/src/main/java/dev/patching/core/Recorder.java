package dev.patching.core;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import dev.patching.ConnectionAttempt;
import dev.patching.DnsLookup;

/**
 * Keeps what one context's patches saw, the newest {@value #LIMIT} of each kind, plus totals.
 */
public final class Recorder implements Recording {

	static final int LIMIT = 10_000;

	private final Deque<ConnectionAttempt> connections = new ArrayDeque<>();

	private final Deque<DnsLookup> lookups = new ArrayDeque<>();

	@Override
	public synchronized void connection(ConnectionAttempt attempt) {
		add(this.connections, attempt);
	}

	@Override
	public synchronized void lookup(DnsLookup lookup) {
		add(this.lookups, lookup);
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

}
