package dev.patching.internal.socket;

import java.math.BigInteger;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

import dev.patching.PatchingConfigurationException;
import dev.patching.testing.AddressBits;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import static org.assertj.core.api.Assertions.assertThat;

/** Property-based tests of the rule parser, printer and matcher. */
class SocketRuleProperties {

	private static final String PROPERTY = "patching.socket.allow[0]";

	@Property(tries = 2000)
	void everyRulePrintsToTextThatParsesBackToIt(@ForAll("rules") SocketRule rule) {
		assertThat(SocketRule.parse(rule.toString(), PROPERTY)).isEqualTo(rule);
	}

	@Property(tries = 3000)
	void anyTextGivesARuleOrTheConfigurationErrorNothingElse(@ForAll("ruleLikeText") String text) {
		checkRuleOrError(text);
	}

	@Property(tries = 2000)
	void arbitraryUnicodeGivesARuleOrTheConfigurationErrorNothingElse(@ForAll String text) {
		checkRuleOrError(text);
	}

	@Property(tries = 3000)
	void networkMatchingAgreesWithABigIntegerReference(@ForAll("addressBytes") byte[] network,
			@ForAll @IntRange(min = 0, max = 128) int prefixSeed, @ForAll @IntRange(min = -1, max = 127) int flipBit,
			@ForAll("addressBytes") byte[] other, @ForAll boolean asMappedIpv6) throws UnknownHostException {
		int bits = network.length * 8;
		int prefix = prefixSeed % (bits + 1);
		BigInteger masked = mask(new BigInteger(1, network), bits, prefix);
		byte[] networkBytes = AddressBits.toBytes(masked, network.length);
		SocketRule rule = SocketRule.parse(dev.patching.internal.net.IpAddresses.format(networkBytes) + "/" + prefix,
				PROPERTY);
		// Half the candidates differ from the network in one bit, so both outcomes are
		// common.
		byte[] candidate = (flipBit >= 0) ? AddressBits.flip(network, flipBit % bits) : other;
		InetAddress address = address(candidate, asMappedIpv6);
		boolean expected = reference(networkBytes, prefix, candidate);
		assertThat(rule.matches(null, address, 80)).as("%s matches %s", rule, address).isEqualTo(expected);
	}

	/**
	 * The documented semantics: compare in 128 bits, IPv4 a.b.c.d being ::ffff:a.b.c.d.
	 */
	private static boolean reference(byte[] network, int prefix, byte[] candidate) {
		int prefix128 = (network.length == 4) ? 96 + prefix : prefix;
		return to128(network).shiftRight(128 - prefix128).equals(to128(candidate).shiftRight(128 - prefix128));
	}

	private static BigInteger to128(byte[] bytes) {
		BigInteger value = new BigInteger(1, bytes);
		return (bytes.length == 4) ? value.or(BigInteger.valueOf(0xFFFFL).shiftLeft(32)) : value;
	}

	private static InetAddress address(byte[] bytes, boolean asMappedIpv6) throws UnknownHostException {
		if (bytes.length == 4 && asMappedIpv6) {
			byte[] mapped = new byte[16];
			mapped[10] = (byte) 0xff;
			mapped[11] = (byte) 0xff;
			System.arraycopy(bytes, 0, mapped, 12, 4);
			return Inet6Address.getByAddress(null, mapped, -1);
		}
		return InetAddress.getByAddress(bytes);
	}

	private static BigInteger mask(BigInteger value, int bits, int prefix) {
		return value.shiftRight(bits - prefix).shiftLeft(bits - prefix);
	}

	private static void checkRuleOrError(String text) {
		SocketRule rule;
		try {
			rule = SocketRule.parse(text, PROPERTY);
		}
		catch (PatchingConfigurationException ex) {
			assertThat(ex.getProperty()).isEqualTo(PROPERTY);
			assertThat(ex.getValue()).isEqualTo(text);
			assertThat(ex.getMessage()).contains("'" + PROPERTY + "'", "'" + text + "'", "Accepted: ");
			return;
		}
		assertThat(SocketRule.parse(rule.toString(), PROPERTY)).isEqualTo(rule);
		assertThat(SocketRule.parse(rule.toString(), PROPERTY).toString()).isEqualTo(rule.toString());
	}

	@Provide
	Arbitrary<SocketRule> rules() {
		Arbitrary<Integer> port = Arbitraries.oneOf(Arbitraries.just(SocketRule.ANY_PORT),
				Arbitraries.integers().between(1, 65535));
		Arbitrary<SocketRule> hosts = Combinators.combine(names(), port).as(SocketRule.Host::new);
		Arbitrary<SocketRule> domains = Combinators.combine(names(), port).as(SocketRule.Domain::new);
		Arbitrary<SocketRule> anyHosts = Arbitraries.integers().between(1, 65535).map(SocketRule.AnyHost::new);
		Arbitrary<SocketRule> networks = Combinators
			.combine(addressBytes(), Arbitraries.integers().between(0, 128), port)
			.as((bytes, seed, p) -> {
				int bits = bytes.length * 8;
				int prefix = seed % (bits + 1);
				byte[] masked = AddressBits.toBytes(mask(new BigInteger(1, bytes), bits, prefix), bytes.length);
				return SocketRule.Network.of(masked, prefix, p);
			});
		return Arbitraries.oneOf(hosts, domains, anyHosts, networks, networks);
	}

	@Provide
	Arbitrary<byte[]> addressBytes() {
		return Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofSize(4),
				Arbitraries.bytes().array(byte[].class).ofSize(16),
				// IPv4-mapped IPv6 networks, where the two families meet.
				Arbitraries.bytes().array(byte[].class).ofSize(4).map((v4) -> {
					byte[] mapped = new byte[16];
					mapped[10] = (byte) 0xff;
					mapped[11] = (byte) 0xff;
					System.arraycopy(v4, 0, mapped, 12, 4);
					return mapped;
				}));
	}

	@Provide
	Arbitrary<String> ruleLikeText() {
		return Arbitraries.strings().withChars("0123456789abcdefxyzABF.:/[]*-_% ").ofMinLength(0).ofMaxLength(24);
	}

	private static Arbitrary<String> names() {
		Arbitrary<String> label = Arbitraries.strings()
			.withChars("abcdefghijklmnopqrstuvwxyz0123456789-_")
			.ofMinLength(1)
			.ofMaxLength(12);
		Arbitrary<String> last = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(6);
		return Combinators.combine(label.list().ofMaxSize(3), last)
			.as((labels, tld) -> String.join(".", labels) + (labels.isEmpty() ? "" : ".") + tld);
	}

}
