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
 */
public record DnsPolicy(HostTable hosts, UnlistedMode unlisted) {

	public DnsPolicy {
		Objects.requireNonNull(hosts, "hosts");
		Objects.requireNonNull(unlisted, "unlisted");
	}

	/**
	 * Validates and builds a policy from the raw property values.
	 * @param hosts {@code patching.dns.hosts}; none is empty
	 * @param unlisted {@code patching.dns.unlisted}; none is {@code system}
	 * @throws dev.patching.PatchingConfigurationException naming the property and the bad
	 * value
	 */
	public static DnsPolicy of(@Nullable Map<String, String> hosts, @Nullable String unlisted) {
		return new DnsPolicy(HostTable.of(hosts), UnlistedMode.parse(unlisted));
	}

	@Override
	public String toString() {
		return "hosts=" + this.hosts + ", unlisted=" + this.unlisted.propertyValue();
	}

}
