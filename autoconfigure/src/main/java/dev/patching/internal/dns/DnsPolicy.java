package dev.patching.internal.dns;

import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The DNS settings of one context: the host table and what happens to unlisted names. Two
 * contexts with the same settings have equal policies.
 *
 * @param hosts the answers of {@code patching.dns.hosts}
 * @param unlisted the mode of {@code patching.dns.unlisted}
 * @param exemptOwnNames {@code patching.dns.exempt-own-names}: under
 * {@link UnlistedMode#REFUSE}, whether {@code localhost} still goes to the system
 * resolver and the machine's own host name is answered with the loopback address when the
 * table does not list them
 */
public record DnsPolicy(HostTable hosts, UnlistedMode unlisted, boolean exemptOwnNames) {

	/**
	 * The property that switches the exemption of {@code localhost} and the machine's own
	 * name off.
	 */
	public static final String EXEMPT_OWN_NAMES = "patching.dns.exempt-own-names";

	public DnsPolicy {
		Objects.requireNonNull(hosts, "hosts");
		Objects.requireNonNull(unlisted, "unlisted");
	}

	/**
	 * A policy that exempts {@code localhost} and the machine's own name (the default).
	 */
	public DnsPolicy(HostTable hosts, UnlistedMode unlisted) {
		this(hosts, unlisted, true);
	}

	/**
	 * Validates and builds a policy from the raw property values.
	 * @param hosts {@code patching.dns.hosts}; none is empty
	 * @param unlisted {@code patching.dns.unlisted}; none is {@code system}
	 * @throws dev.patching.PatchingConfigurationException naming the property and the bad
	 * value
	 */
	public static DnsPolicy of(@Nullable Map<String, String> hosts, @Nullable String unlisted) {
		return of(hosts, unlisted, true);
	}

	/**
	 * Like {@link #of(Map, String)}, with {@code patching.dns.exempt-own-names}.
	 */
	public static DnsPolicy of(@Nullable Map<String, String> hosts, @Nullable String unlisted, boolean exemptOwnNames) {
		return new DnsPolicy(HostTable.of(hosts), UnlistedMode.parse(unlisted), exemptOwnNames);
	}

	@Override
	public String toString() {
		return "hosts=" + this.hosts + ", unlisted=" + this.unlisted.propertyValue()
				+ (this.exemptOwnNames ? "" : ", exempt-own-names=false");
	}

}
