package dev.patching.internal.socket;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.patching.ConnectionBlockedException;
import dev.patching.PatchingConfigurationException;
import dev.patching.internal.net.HostNames;
import dev.patching.internal.net.IpAddresses;
import org.jspecify.annotations.Nullable;

/**
 * The socket settings of one context and the decision they make for every outbound
 * connect: (1) a matching redirect sends it elsewhere (and so allows it); (2) loopback
 * while {@code allow-loopback}, or any allow rule, lets it through; (3) anything else is
 * blocked. A connect that (1) or (2) lets through then meets the fault of its original
 * destination, if {@code patching.socket.faults} names one ({@link #faultFor}).
 *
 * <p>
 * Allow rules form a set: two contexts with the same rules, in any order, have equal
 * policies. The pass-through decision allocates nothing for IPv4 and loopback
 * destinations unless a name rule or a name redirect on that port needs the caller's host
 * name.
 */
public final class SocketPolicy {

	/** Property of the allow rules. */
	static final String ALLOW = "patching.socket.allow";

	/** Property of the loopback switch. */
	static final String ALLOW_LOOPBACK = "patching.socket.allow-loopback";

	/** Property of the redirects, keyed by {@code host:port}. */
	static final String REDIRECT = "patching.socket.redirect";

	/** Property of the faults, keyed by destination. */
	static final String FAULTS = "patching.socket.faults";

	private static final String REDIRECT_KEY = "a key host:port, ip:port or [v6]:port naming one destination, "
			+ "e.g. patching.socket.redirect[api.partner.test:443]=127.0.0.1:8443";

	private final boolean allowLoopback;

	private final Set<SocketRule> allow;

	private final Map<SocketRule, RedirectTarget> redirects;

	// The decision's view of the above: arrays by kind, so the common cases skip name
	// work.
	private final SocketRule.Network[] networks;

	private final SocketRule[] nameRules;

	private final int[] anyHostPorts;

	private final SocketRule[] redirectKeys;

	/**
	 * Messages of blocked destinations already built, with how often each was refused: a
	 * test that keeps retrying one destination pays for the text once.
	 */
	private final Map<Blocked, Refusals> messages = new ConcurrentHashMap<>();

	/**
	 * How many refused datagrams to one destination carry a stack trace; later ones (a
	 * sender in a loop, such as a metrics exporter) do not, as HotSpot's own exceptions
	 * thrown again and again at one place lose theirs. Not final for the benchmark that
	 * measures both kinds.
	 */
	static volatile int tracedDatagrams = 16;

	private static final int MESSAGES_KEPT = 256;

	/** A blocked destination as its message names it. */
	private record Blocked(@Nullable String hostName, InetAddress address, int port, boolean datagram) {
	}

	/** The message of a blocked destination, and how often it was refused. */
	private static final class Refusals {

		final String message;

		final String untraced;

		final AtomicInteger count = new AtomicInteger();

		Refusals(String message) {
			this.message = message;
			this.untraced = message + "\n(No stack trace: more than " + tracedDatagrams
					+ " datagrams to this destination were refused, and the first ones carried it.)";
		}

	}

	private final InetSocketAddress[] redirectTargets;

	private final Map<SocketRule, SocketFault> faults;

	private final SocketRule[] faultKeys;

	private final SocketFault[] faultValues;

	private SocketPolicy(boolean allowLoopback, Set<SocketRule> allow, Map<SocketRule, RedirectTarget> redirects,
			Map<SocketRule, SocketFault> faults) {
		this.allowLoopback = allowLoopback;
		this.allow = Collections.unmodifiableSet(allow);
		this.redirects = Collections.unmodifiableMap(redirects);
		this.faults = Collections.unmodifiableMap(faults);
		this.faultKeys = faults.keySet().toArray(new SocketRule[0]);
		this.faultValues = faults.values().toArray(new SocketFault[0]);
		List<SocketRule.Network> networks = new ArrayList<>();
		List<SocketRule> names = new ArrayList<>();
		List<Integer> ports = new ArrayList<>();
		for (SocketRule rule : allow) {
			if (rule instanceof SocketRule.Network network) {
				networks.add(network);
			}
			else if (rule instanceof SocketRule.AnyHost any) {
				ports.add(any.port());
			}
			else {
				names.add(rule);
			}
		}
		this.networks = networks.toArray(new SocketRule.Network[0]);
		this.nameRules = names.toArray(new SocketRule[0]);
		this.anyHostPorts = ports.stream().mapToInt(Integer::intValue).toArray();
		this.redirectKeys = redirects.keySet().toArray(new SocketRule[0]);
		this.redirectTargets = redirects.values()
			.stream()
			.map(RedirectTarget::socketAddress)
			.toArray(InetSocketAddress[]::new);
	}

	/**
	 * Validates and builds a policy from the raw property values.
	 * @param allowLoopback {@code patching.socket.allow-loopback}
	 * @param allow {@code patching.socket.allow}; none is empty
	 * @param redirect {@code patching.socket.redirect}, {@code host:port} to
	 * {@code host:port}; none is empty
	 * @throws PatchingConfigurationException naming the property
	 * ({@code patching.socket.allow[2]}, {@code patching.socket.redirect[key]}) and the
	 * bad value
	 */
	public static SocketPolicy of(boolean allowLoopback, @Nullable List<String> allow,
			@Nullable Map<String, String> redirect) {
		return of(allowLoopback, allow, redirect, null);
	}

	/**
	 * Validates and builds a policy from the raw property values.
	 * @param allowLoopback {@code patching.socket.allow-loopback}
	 * @param allow {@code patching.socket.allow}; none is empty
	 * @param redirect {@code patching.socket.redirect}, {@code host:port} to
	 * {@code host:port}; none is empty
	 * @param faults {@code patching.socket.faults}, a destination as in an allow rule to
	 * a fault ({@link SocketFault#parse}); none is empty
	 * @throws PatchingConfigurationException naming the property
	 * ({@code patching.socket.allow[2]}, {@code patching.socket.faults[key]}) and the bad
	 * value
	 */
	public static SocketPolicy of(boolean allowLoopback, @Nullable List<String> allow,
			@Nullable Map<String, String> redirect, @Nullable Map<String, String> faults) {
		Set<SocketRule> rules = new LinkedHashSet<>();
		if (allow != null) {
			for (int i = 0; i < allow.size(); i++) {
				rules.add(SocketRule.parse(allow.get(i), ALLOW + "[" + i + "]"));
			}
		}
		Map<SocketRule, RedirectTarget> redirects = new LinkedHashMap<>();
		Map<SocketRule, String> writtenAs = new LinkedHashMap<>();
		if (redirect != null) {
			for (Map.Entry<String, String> entry : redirect.entrySet()) {
				String property = REDIRECT + "[" + entry.getKey() + "]";
				SocketRule key = redirectKey(entry.getKey(), property);
				String earlier = writtenAs.putIfAbsent(key, entry.getKey());
				if (earlier != null) {
					throw new PatchingConfigurationException(property, entry.getKey(),
							"each destination once; '" + earlier + "' and '" + entry.getKey() + "' are the same");
				}
				redirects.put(key, RedirectTarget.parse(entry.getValue(), property));
			}
		}
		Map<SocketRule, SocketFault> faultRules = new LinkedHashMap<>();
		Map<SocketRule, String> faultWrittenAs = new LinkedHashMap<>();
		if (faults != null) {
			for (Map.Entry<String, String> entry : faults.entrySet()) {
				String property = FAULTS + "[" + entry.getKey() + "]";
				SocketRule key = SocketRule.parse(entry.getKey(), property);
				String earlier = faultWrittenAs.putIfAbsent(key, entry.getKey());
				if (earlier != null) {
					throw new PatchingConfigurationException(property, entry.getKey(),
							"each destination once; '" + earlier + "' and '" + entry.getKey() + "' are the same");
				}
				faultRules.put(key, SocketFault.parse(entry.getValue(), property));
			}
		}
		return new SocketPolicy(allowLoopback, rules, redirects, faultRules);
	}

	/**
	 * The fault a connect the policy lets through meets: the first rule of
	 * {@code patching.socket.faults}, in the order written, that matches the destination
	 * the caller asked for (before any redirect).
	 * @return the matching rule and its fault; none when no fault matches (with no faults
	 * configured, one array-length check)
	 */
	Map.@Nullable Entry<SocketRule, SocketFault> faultFor(InetAddress address, int port) {
		if (this.faultKeys.length == 0) {
			return null;
		}
		String name = null;
		boolean named = false;
		for (int i = 0; i < this.faultKeys.length; i++) {
			SocketRule key = this.faultKeys[i];
			if (key.port() != SocketRule.ANY_PORT && key.port() != port) {
				continue;
			}
			if (!named && (key instanceof SocketRule.Host || key instanceof SocketRule.Domain)) {
				name = HostNames.carriedBy(address);
				named = true;
			}
			if (key.matches(name, address, port)) {
				return Map.entry(key, this.faultValues[i]);
			}
		}
		return null;
	}

	/**
	 * Step 1 of the decision.
	 * @return where to connect instead (unresolved when the target is a host name); none
	 * when no redirect matches
	 */
	@Nullable InetSocketAddress redirectFor(InetAddress address, int port) {
		String name = null;
		boolean named = false;
		for (int i = 0; i < this.redirectKeys.length; i++) {
			SocketRule key = this.redirectKeys[i];
			if (key.port() != port) {
				continue;
			}
			// Reading the name allocates: only when a name key is on this very port.
			if (key instanceof SocketRule.Host && !named) {
				name = HostNames.carriedBy(address);
				named = true;
			}
			if (key.matches(name, address, port)) {
				return this.redirectTargets[i];
			}
		}
		return null;
	}

	/** Step 2 of the decision: whether a connect that is not redirected may go ahead. */
	public boolean allows(InetAddress address, int port) {
		if (this.allowLoopback && isLoopback(address)) {
			return true;
		}
		for (int anyPort : this.anyHostPorts) {
			if (anyPort == port) {
				return true;
			}
		}
		for (SocketRule.Network network : this.networks) {
			if (network.matches(null, address, port)) {
				return true;
			}
		}
		String name = null;
		boolean named = false;
		for (SocketRule rule : this.nameRules) {
			if (rule.port() != SocketRule.ANY_PORT && rule.port() != port) {
				continue;
			}
			if (!named) {
				name = HostNames.carriedBy(address);
				named = true;
			}
			if (rule.matches(name, address, port)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Step 3 of the decision: the exception for a connect that is neither redirected nor
	 * allowed.
	 */
	public ConnectionBlockedException blocked(InetAddress address, int port) {
		return blocked(address, port, false);
	}

	/**
	 * Step 3 for a connect or, with {@code datagram}, a datagram sent without
	 * {@code connect}.
	 */
	public ConnectionBlockedException blocked(InetAddress address, int port, boolean datagram) {
		String hostName = HostNames.carriedBy(address);
		Blocked key = new Blocked(hostName, address, port, datagram);
		Refusals refusals = this.messages.get(key);
		if (refusals == null) {
			refusals = new Refusals(blockedMessage(datagram ? "Datagram" : "Connection", hostName, address, port));
			if (this.messages.size() < MESSAGES_KEPT) {
				Refusals known = this.messages.putIfAbsent(key, refusals);
				refusals = (known != null) ? known : refusals;
			}
		}
		String host = (hostName != null) ? hostName : address.getHostAddress();
		if (datagram && refusals.count.incrementAndGet() > tracedDatagrams) {
			return new UntracedBlockedException(refusals.untraced, host, address, port);
		}
		return new ConnectionBlockedException(refusals.message, host, address, port);
	}

	/**
	 * What was blocked, the rules in force, and the rule (or redirect) that would let it
	 * through.
	 */
	private String blockedMessage(String what, @Nullable String hostName, InetAddress address, int port) {
		String literal = literal(address);
		String endpoint = (literal.indexOf(':') >= 0) ? "[" + literal + "]:" + port : literal + ":" + port;
		String destination = (hostName != null) ? hostName + "/" + endpoint : endpoint;
		String name = (hostName != null) ? HostNames.normalize(hostName) : null;
		String rule = (name != null) ? name + ":" + port : endpoint;
		StringBuilder message = new StringBuilder();
		message.append(what).append(" to ").append(destination).append(" blocked by the socket patch.\n");
		message.append("Rules in force: ").append(this).append("\n\n");
		message.append("To allow it, add ")
			.append(rule)
			.append(" to ")
			.append(ALLOW)
			.append(": ")
			.append(ALLOW)
			.append('=');
		this.allow.forEach((existing) -> message.append(existing).append(','));
		message.append(rule);
		if (isLoopback(address)) {
			message.append(", or set ").append(ALLOW_LOOPBACK).append("=true");
		}
		else {
			message.append(".\nTo send it to a local stub instead, set ")
				.append(REDIRECT)
				.append('[')
				.append(rule)
				.append("]=127.0.0.1:<port>");
		}
		return message.append('.').toString();
	}

	/**
	 * The address as rules print it: canonical, no zone, an IPv4-mapped address as IPv4.
	 */
	private static String literal(InetAddress address) {
		return IpAddresses.format(IpAddresses.unmapped(address.getAddress()));
	}

	/** The allow rules, in the order first written. */
	Set<SocketRule> allow() {
		return this.allow;
	}

	/**
	 * Loopback as {@link InetAddress#isLoopbackAddress()}, plus {@code ::ffff:127.x.x.x},
	 * which it misses.
	 */
	static boolean isLoopback(InetAddress address) {
		// Inet4Address.isLoopbackAddress() copies the address into a new array on JDK 17;
		// the int does not.
		if (address instanceof Inet4Address ipv4) {
			return (IpAddresses.ipv4Bits(ipv4) >>> 24) == 127;
		}
		if (address.isLoopbackAddress()) {
			return true;
		}
		byte[] bytes = address.getAddress();
		return IpAddresses.isMapped(bytes) && bytes[12] == 127;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (other instanceof SocketPolicy policy) && this.allowLoopback == policy.allowLoopback
				&& this.allow.equals(policy.allow) && this.redirects.equals(policy.redirects)
				&& this.faults.equals(policy.faults);
	}

	@Override
	public int hashCode() {
		return Boolean.hashCode(this.allowLoopback) * 29791 + this.allow.hashCode() * 961
				+ this.redirects.hashCode() * 31 + this.faults.hashCode();
	}

	/** The rules in force, as the messages of blocked connects show them. */
	@Override
	public String toString() {
		String text = ALLOW_LOOPBACK + "=" + this.allowLoopback + ", " + ALLOW + "=" + this.allow + ", " + REDIRECT
				+ "=" + this.redirects;
		return this.faults.isEmpty() ? text : text + ", " + FAULTS + "=" + this.faults;
	}

	private static SocketRule redirectKey(String text, String property) {
		SocketRule key = SocketRule.parse(text, property);
		if (!isRedirectKey(key)) {
			throw new PatchingConfigurationException(property, text, REDIRECT_KEY);
		}
		return key;
	}

	private static boolean isRedirectKey(SocketRule rule) {
		boolean single = (rule instanceof SocketRule.Host)
				|| (rule instanceof SocketRule.Network network && network.prefix() == 128);
		return single && rule.port() != SocketRule.ANY_PORT;
	}

}
