package dev.patching.internal.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import dev.patching.DnsLookup;
import dev.patching.PatchingConfigurationException;
import dev.patching.internal.core.SeenLookup;
import dev.patching.internal.net.HostNames;
import dev.patching.internal.net.IpAddresses;
import org.jspecify.annotations.Nullable;

/**
 * The answers of {@code patching.dns.hosts}: exact names and {@code *.domain} wildcards,
 * each mapped to one or more IP literals.
 *
 * <p>
 * Names compare case-insensitively and a trailing dot is ignored. A wildcard
 * {@code *.svc.test} answers every name strictly under {@code svc.test}
 * ({@code a.svc.test}, {@code a.b.svc.test}) but not {@code svc.test} itself, as in DNS
 * and TLS wildcards; list the apex as its own key. An exact key beats any wildcard and a
 * longer wildcard beats a shorter one. An IPv4-mapped IPv6 literal is its IPv4 address,
 * as {@code InetAddress.getByAddress} makes it.
 */
public final class HostTable {

	/** The property the table is bound from. */
	static final String PROPERTY = "patching.dns.hosts";

	private static final String ACCEPTED_VALUE = "one or more IPv4 or IPv6 literals separated by commas, "
			+ "e.g. 127.0.0.1 or ::1,127.0.0.1 (host names are not accepted: the table must not depend on DNS)";

	private static final HostTable EMPTY = new HostTable(Map.of(), Map.of(), Map.of());

	/**
	 * Canonical key ({@code name} or {@code *.domain}) to canonical literals; defines
	 * equality.
	 */
	/**
	 * How many spellings of names are kept built; a table is per context and small, the
	 * names asked few.
	 */
	private static final int BUILT_LIMIT = 1024;

	private final Map<String, List<String>> entries;

	private final Map<String, byte[][]> exact;

	/** Keyed by the domain without its {@code *.}. */
	private final Map<String, byte[][]> wildcards;

	/**
	 * Answers already built, by the name exactly as asked; handed out as clones, because
	 * what the hook returns from {@code getAllByName0} reaches {@code getAllByName}'s
	 * caller as it is.
	 */
	private final Map<String, Listed> built = new ConcurrentHashMap<>();

	/**
	 * Canonical address literal to the one exact name listing it, or {@link #AMBIGUOUS}
	 * when several do.
	 */
	private final Map<String, String> names;

	private static final String AMBIGUOUS = "";

	private HostTable(Map<String, List<String>> entries, Map<String, byte[][]> exact, Map<String, byte[][]> wildcards) {
		this.entries = entries;
		this.exact = exact;
		this.wildcards = wildcards;
		Map<String, String> names = new HashMap<>();
		exact.forEach((name, addresses) -> {
			for (byte[] address : addresses) {
				names.merge(IpAddresses.format(address), name,
						(earlier, later) -> earlier.equals(later) ? earlier : AMBIGUOUS);
			}
		});
		this.names = names;
	}

	/** A table that answers nothing. */
	static HostTable empty() {
		return EMPTY;
	}

	/**
	 * Validates and builds a table from {@code patching.dns.hosts[name]=ip[,ip…]}.
	 * @param hosts names (or {@code *.domain}) to comma-separated IP literals; none is
	 * empty
	 * @throws PatchingConfigurationException naming {@code patching.dns.hosts[name]} and
	 * the bad key or value
	 */
	public static HostTable of(@Nullable Map<String, String> hosts) {
		if (hosts == null || hosts.isEmpty()) {
			return EMPTY;
		}
		Map<String, List<String>> entries = new TreeMap<>();
		Map<String, String> writtenAs = new HashMap<>();
		Map<String, byte[][]> exact = new HashMap<>();
		Map<String, byte[][]> wildcards = new HashMap<>();
		for (Map.Entry<String, String> entry : hosts.entrySet()) {
			String key = entry.getKey();
			String property = PROPERTY + "[" + key + "]";
			String canonical = canonicalKey(key, property);
			String earlier = writtenAs.putIfAbsent(canonical, key);
			if (earlier != null) {
				throw new PatchingConfigurationException(property, key,
						"each name once; '" + earlier + "' and '" + key + "' are the same name");
			}
			List<byte[]> addresses = parseValue(entry.getValue(), property);
			List<String> texts = new ArrayList<>();
			addresses.forEach((bytes) -> texts.add(IpAddresses.format(bytes)));
			entries.put(canonical, List.copyOf(texts));
			byte[][] answer = addresses.toArray(new byte[0][]);
			if (canonical.startsWith("*.")) {
				wildcards.put(canonical.substring(2), answer);
			}
			else {
				exact.put(canonical, answer);
			}
		}
		return new HostTable(Collections.unmodifiableMap(entries), exact, wildcards);
	}

	/**
	 * Answers a name from the table.
	 * @param host the name as the caller wrote it; the answers carry it as their host
	 * name
	 * @return a fresh array of the addresses (built without any lookup, once per
	 * spelling); none when the name is not listed
	 */
	public InetAddress @Nullable [] answer(@Nullable String host) {
		Listed listed = listed(host);
		return (listed != null) ? listed.answer() : null;
	}

	/**
	 * The table's entry for a name as the caller wrote it, built once per spelling.
	 * @return the entry; none when the name is not listed
	 */
	@Nullable Listed listed(@Nullable String host) {
		if (this.entries.isEmpty() || host == null || host.isEmpty()) {
			return null;
		}
		Listed known = this.built.get(host);
		if (known != null) {
			return known;
		}
		String name = HostNames.canonical(host);
		byte[][] addresses = this.exact.get(name);
		// Walk from the longest parent domain to the shortest: the first wildcard found
		// is the longest.
		for (int dot = name.indexOf('.'); addresses == null && dot >= 0; dot = name.indexOf('.', dot + 1)) {
			addresses = this.wildcards.get(name.substring(dot + 1));
		}
		if (addresses == null) {
			return null;
		}
		Listed listed = new Listed(host, build(host, addresses));
		if (this.built.size() < BUILT_LIMIT) {
			this.built.put(host, listed);
		}
		return listed;
	}

	/**
	 * A listed name as one spelling asks for it: its addresses, never handed out (a
	 * caller gets a clone), and the record of the last lookup of it, reused while the
	 * same thread asks again (a record is immutable).
	 */
	static final class Listed {

		private final String host;

		private final InetAddress[] addresses;

		private volatile @Nullable SeenLookup last;

		Listed(String host, InetAddress[] addresses) {
			this.host = host;
			this.addresses = addresses;
		}

		/** A fresh array of the addresses: it reaches the caller as it is. */
		InetAddress[] answer() {
			return this.addresses.clone();
		}

		/** The record of an answer to a lookup by the thread named {@code thread}. */
		SeenLookup record(String thread) {
			SeenLookup record = this.last;
			if (record == null || !record.thread().equals(thread)) {
				record = new SeenLookup(this.host, this.addresses, DnsLookup.Outcome.ANSWERED, thread);
				this.last = record;
			}
			return record;
		}

	}

	/**
	 * The name of an address, for a reverse lookup: the one exact name (not a wildcard)
	 * the table lists it for.
	 * @return the canonical name; none when no exact name, or more than one, lists the
	 * address
	 */
	public @Nullable String nameOf(InetAddress address) {
		if (this.names.isEmpty()) {
			return null;
		}
		String name = this.names.get(IpAddresses.format(address.getAddress()));
		return (name == null || name.isEmpty()) ? null : name;
	}

	/** Whether the table answers no name at all. */
	public boolean isEmpty() {
		return this.entries.isEmpty();
	}

	/**
	 * Canonical keys ({@code name} or {@code *.domain}) to canonical IP literals, sorted
	 * by key.
	 */
	public Map<String, List<String>> entries() {
		return this.entries;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (other instanceof HostTable table) && this.entries.equals(table.entries);
	}

	@Override
	public int hashCode() {
		return this.entries.hashCode();
	}

	@Override
	public String toString() {
		return this.entries.toString();
	}

	private static String canonicalKey(@Nullable String key, String property) {
		String trimmed = (key != null) ? key.trim() : "";
		boolean wildcard = trimmed.startsWith("*.");
		String name = HostNames.normalize(wildcard ? trimmed.substring(2) : trimmed);
		if (name == null) {
			throw new PatchingConfigurationException(property, key,
					"a key that is " + HostNames.ACCEPTED + ", or *.domain for every name under domain"
							+ " (IP literals never reach the resolver, so they cannot be keys)");
		}
		return wildcard ? "*." + name : name;
	}

	private static List<byte[]> parseValue(@Nullable String value, String property) {
		if (value == null || value.isBlank()) {
			throw new PatchingConfigurationException(property, value, ACCEPTED_VALUE);
		}
		Set<String> seen = new LinkedHashSet<>();
		List<byte[]> addresses = new ArrayList<>();
		for (String part : value.split(",", -1)) {
			String literal = part.trim();
			if (literal.length() > 2 && literal.startsWith("[") && literal.endsWith("]")) {
				literal = literal.substring(1, literal.length() - 1);
			}
			byte[] bytes = IpAddresses.parse(literal);
			if (bytes == null) {
				throw new PatchingConfigurationException(property, value,
						ACCEPTED_VALUE + "; '" + part.trim() + "' is not an IP literal");
			}
			if (seen.add(IpAddresses.format(bytes))) {
				addresses.add(bytes);
			}
		}
		return addresses;
	}

	private static InetAddress[] build(String host, byte[][] addresses) {
		InetAddress[] answer = new InetAddress[addresses.length];
		try {
			for (int i = 0; i < addresses.length; i++) {
				answer[i] = InetAddress.getByAddress(host, addresses[i]);
			}
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException("4 or 16 bytes are always an address", ex);
		}
		return answer;
	}

}
