package dev.patching.internal.network;

import java.util.Map;

import dev.patching.Unpatch;
import dev.patching.internal.core.PatchEntry;
import dev.patching.internal.core.Recording;
import dev.patching.internal.dns.DnsPolicy;

/**
 * {@code patching.dns.*}: the context's DNS policy, swapped into the JVM-wide lookup hook
 * while its patches are in effect — a volatile write, so switching contexts costs
 * nanoseconds. An applied entry holds the hooks itself ({@link NetworkHooks}).
 */
public final class DnsPatch implements PatchEntry {

	/** The patch name. */
	public static final String NAME = "dns";

	static {
		NetworkHooks.provide();
	}

	private final DnsPolicy policy;

	private DnsPatch(DnsPolicy policy) {
		this.policy = policy;
	}

	/**
	 * The DNS patch, validated now (bad values fail even while it is switched off);
	 * {@code localhost} and the machine's own name exempt from {@code refuse}.
	 * @throws dev.patching.PatchingConfigurationException naming the property and the bad
	 * value
	 */
	public static DnsPatch of(Map<String, String> hosts, String unlisted) {
		return of(hosts, unlisted, true);
	}

	/**
	 * The DNS patch, validated now (bad values fail even while it is switched off).
	 * @throws dev.patching.PatchingConfigurationException naming the property and the bad
	 * value
	 */
	public static DnsPatch of(Map<String, String> hosts, String unlisted, boolean exemptOwnNames) {
		return new DnsPatch(DnsPolicy.of(hosts, unlisted, exemptOwnNames));
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public Object fingerprint() {
		return this.policy;
	}

	@Override
	public boolean needsHooks() {
		return true;
	}

	@Override
	public Unpatch apply(Recording recording) {
		NetworkHooks.applyDns(this.policy, recording::lookup);
		return NetworkHooks::restoreDns;
	}

}
