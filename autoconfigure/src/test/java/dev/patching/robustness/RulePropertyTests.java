package dev.patching.robustness;

import java.math.BigInteger;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.patching.internal.dns.HostTable;
import dev.patching.internal.net.IpAddresses;
import dev.patching.internal.socket.RedirectTarget;
import dev.patching.internal.socket.SocketPolicy;
import dev.patching.testing.AddressBits;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property-based tests that {@code socket.SocketRuleProperties} and
 * {@code dns.HostTableProperties} leave out: the policy's own decision (it matches
 * networks on a fast path of its own, not through {@code SocketRule.matches}) against a
 * {@link BigInteger} reference, the rule a blocked message suggests, redirect targets,
 * and host-table lookups. Named {@code *Tests} so that Surefire runs it.
 */
class RulePropertyTests {

	private static final BigInteger MAPPED = BigInteger.valueOf(0xFFFFL).shiftLeft(32);

	private static final BigInteger IPV4_LOOPBACK = MAPPED.or(BigInteger.valueOf(127L << 24));

	/** A network rule as generated: canonical text plus what the reference needs. */
	record Net(byte[] bytes, int prefix, int port) {

		String text() {
			String network = IpAddresses.format(this.bytes) + "/" + this.prefix;
			if (this.port < 0) {
				return network;
			}
			return (this.bytes.length == 4) ? network + ":" + this.port : "[" + network + "]:" + this.port;
		}

		boolean contains(byte[] candidate, int candidatePort) {
			int prefix128 = (this.bytes.length == 4) ? 96 + this.prefix : this.prefix;
			return (this.port < 0 || this.port == candidatePort) && to128(this.bytes).shiftRight(128 - prefix128)
				.equals(to128(candidate).shiftRight(128 - prefix128));
		}

	}

	@Property(tries = 3000)
	void thePolicysDecisionAgreesWithABigIntegerReference(@ForAll boolean allowLoopback,
			@ForAll("networks") List<Net> networks, @ForAll("anyHostPorts") List<Integer> anyHostPorts,
			@ForAll("candidates") byte[] candidate, @ForAll @IntRange(min = -1, max = 127) int flipBit,
			@ForAll boolean asMappedIpv6, @ForAll("ports") int port) throws UnknownHostException {
		// Half the candidates sit next to (or inside) one of the networks, so that both
		// outcomes are common.
		byte[] target = candidate;
		if (flipBit >= 0 && !networks.isEmpty()) {
			byte[] base = networks.get(flipBit % networks.size()).bytes();
			target = AddressBits.flip(base, flipBit % (base.length * 8));
		}
		List<String> allow = new ArrayList<>();
		networks.forEach((network) -> allow.add(network.text()));
		anyHostPorts.forEach((anyPort) -> allow.add("*:" + anyPort));
		SocketPolicy policy = SocketPolicy.of(allowLoopback, allow, Map.of());

		boolean expected = (allowLoopback && isLoopback(target)) || anyHostPorts.contains(port);
		for (Net network : networks) {
			expected |= network.contains(target, port);
		}
		InetAddress address = address(null, target, asMappedIpv6);
		Statistics.label("allowed").collect(expected);
		assertThat(policy.allows(address, port)).as("%s allows %s port %d", policy, address, port).isEqualTo(expected);
	}

	@Property(tries = 2000)
	void theRuleABlockedConnectsMessageSuggestsAllowsThatConnect(@ForAll("candidates") byte[] target,
			@ForAll boolean asMappedIpv6, @ForAll("hostNames") String hostName, @ForAll boolean named,
			@ForAll("ports") int port) throws UnknownHostException {
		InetAddress address = address(named ? hostName : null, target, asMappedIpv6);
		SocketPolicy blocking = SocketPolicy.of(false, List.of(), Map.of());
		assertThat(blocking.allows(address, port)).isFalse();

		String message = blocking.blocked(address, port).getMessage();
		Matcher suggestion = Pattern.compile("To allow it, add (\\S+) to patching\\.socket\\.allow").matcher(message);
		assertThat(suggestion.find()).as(message).isTrue();
		SocketPolicy fixed = SocketPolicy.of(false, List.of(suggestion.group(1)), Map.of());
		assertThat(fixed.allows(address, port)).as("%s, after adding %s", message, suggestion.group(1)).isTrue();
		assertThat(fixed.allows(address, (port == 65535) ? 1 : port + 1)).as("only that port").isFalse();
	}

	@Property(tries = 1000)
	void redirectTargetsParseToACanonicalFormThatPrintsAndParsesBackToThem(@ForAll("candidates") byte[] literal,
			@ForAll("hostNames") String name, @ForAll boolean useName, @ForAll("ports") int port) {
		String host = useName ? name : IpAddresses.format(literal);
		String written = (host.indexOf(':') >= 0) ? "[" + host + "]:" + port : host + ":" + port;
		String property = "patching.socket.redirect[x.test:1]";
		RedirectTarget target = RedirectTarget.parse(written, property);

		assertThat(target.port()).isEqualTo(port);
		if (useName) {
			assertThat(target.host()).isEqualTo(name.toLowerCase(Locale.ROOT));
		}
		else {
			assertThat(IpAddresses.parse(target.host())).isEqualTo(IpAddresses.parse(host));
		}
		assertThat(RedirectTarget.parse(target.toString(), property)).isEqualTo(target);
	}

	@Property(tries = 1000)
	void aHostTableAnswersEverySpellingOfAListedNameFromItsLongestWildcardOrNotAtAll(
			@ForAll("tables") Map<String, List<byte[]>> listed, @ForAll("hostNames") String asked,
			@ForAll boolean pickListed, @ForAll @IntRange(min = 0, max = 50) int pick, @ForAll boolean upperCase,
			@ForAll boolean trailingDot) {
		Map<String, String> properties = new LinkedHashMap<>();
		listed.forEach((key, addresses) -> properties.put(key,
				String.join(",", addresses.stream().map(IpAddresses::format).toList())));
		HostTable table = HostTable.of(properties);

		// The table reprints to properties that build an equal table.
		Map<String, String> reprinted = new LinkedHashMap<>();
		table.entries().forEach((key, literals) -> reprinted.put(key, String.join(",", literals)));
		assertThat(HostTable.of(reprinted)).isEqualTo(table);

		String name = asked;
		if (pickListed) {
			String key = new ArrayList<>(listed.keySet()).get(pick % listed.size());
			name = key.startsWith("*.") ? "sub." + key.substring(2) : key;
		}
		String spelling = (upperCase ? name.toUpperCase(Locale.ROOT) : name) + (trailingDot ? "." : "");
		InetAddress[] answer = table.answer(spelling);

		String canonical = name.toLowerCase(Locale.ROOT);
		String source = table.entries().containsKey(canonical) ? canonical : null;
		for (int dot = canonical.indexOf('.'); source == null && dot >= 0; dot = canonical.indexOf('.', dot + 1)) {
			String wildcard = "*." + canonical.substring(dot + 1);
			source = table.entries().containsKey(wildcard) ? wildcard : null;
		}
		Statistics.label("answered").collect(source != null);
		if (source == null) {
			assertThat(answer).as("%s in %s", spelling, table).isNull();
			return;
		}
		assertThat(answer).as("%s in %s", spelling, table).isNotNull();
		assertThat(answer).extracting((address) -> IpAddresses.format(address.getAddress()))
			.containsExactlyElementsOf(table.entries().get(source));
		assertThat(answer).allSatisfy((address) -> assertThat(address.toString()).startsWith(spelling + "/"));
	}

	@Provide
	Arbitrary<List<Net>> networks() {
		Arbitrary<Net> network = Combinators
			.combine(candidates(), Arbitraries.integers().between(0, 128),
					Arbitraries.oneOf(Arbitraries.just(-1), Arbitraries.just(-1), ports()))
			.as((bytes, seed, port) -> {
				int bits = bytes.length * 8;
				int prefix = seed % (bits + 1);
				BigInteger value = new BigInteger(1, bytes).shiftRight(bits - prefix).shiftLeft(bits - prefix);
				return new Net(AddressBits.toBytes(value, bytes.length), prefix, port);
			});
		return network.list().ofMaxSize(4);
	}

	@Provide
	Arbitrary<List<Integer>> anyHostPorts() {
		return ports().list().ofMaxSize(2);
	}

	@Provide
	Arbitrary<Integer> ports() {
		// A few ports often (so rules and connects meet), any port sometimes.
		return Arbitraries.oneOf(Arbitraries.of(80, 443, 5432), Arbitraries.integers().between(1, 65535));
	}

	@Provide
	Arbitrary<byte[]> candidates() {
		Arbitrary<byte[]> v4 = Arbitraries.bytes().array(byte[].class).ofSize(4);
		return Arbitraries.oneOf(v4, Arbitraries.bytes().array(byte[].class).ofSize(16),
				// Loopback, in both families and the mapped form.
				Arbitraries.bytes()
					.array(byte[].class)
					.ofSize(3)
					.map((low) -> new byte[] { 127, low[0], low[1], low[2] }),
				Arbitraries.just(IpAddresses.parse("::1")), v4.map(RulePropertyTests::mappedBytes));
	}

	@Provide
	Arbitrary<String> hostNames() {
		Arbitrary<String> label = Arbitraries.strings()
			.withChars("abcdefghijklmnopqrstuvwxyzAB0123456789-_")
			.ofMinLength(1)
			.ofMaxLength(8);
		Arbitrary<String> last = Arbitraries.of("test", "svc.test", "Api.TEST", "x");
		return Combinators.combine(label.list().ofMaxSize(3), last)
			.as((labels, tld) -> String.join(".", labels) + (labels.isEmpty() ? "" : ".") + tld);
	}

	@Provide
	Arbitrary<Map<String, List<byte[]>>> tables() {
		Arbitrary<String> key = Arbitraries.oneOf(hostNames(), hostNames().map((name) -> "*." + name))
			.map((key2) -> key2.toLowerCase(Locale.ROOT));
		return Arbitraries.maps(key, candidates().list().ofMinSize(1).ofMaxSize(3)).ofMinSize(1).ofMaxSize(5);
	}

	private static boolean isLoopback(byte[] bytes) {
		BigInteger value = to128(bytes);
		return value.shiftRight(24).equals(IPV4_LOOPBACK.shiftRight(24)) || value.equals(BigInteger.ONE);
	}

	private static BigInteger to128(byte[] bytes) {
		BigInteger value = new BigInteger(1, bytes);
		return (bytes.length == 4) ? value.or(MAPPED) : value;
	}

	private static byte[] mappedBytes(byte[] v4) {
		byte[] mapped = new byte[16];
		mapped[10] = (byte) 0xff;
		mapped[11] = (byte) 0xff;
		System.arraycopy(v4, 0, mapped, 12, 4);
		return mapped;
	}

	/**
	 * The address a connect would see: IPv4, IPv6, or an IPv4 address in its mapped IPv6
	 * form.
	 */
	private static InetAddress address(String hostName, byte[] bytes, boolean asMappedIpv6)
			throws UnknownHostException {
		if (bytes.length == 4 && asMappedIpv6) {
			return Inet6Address.getByAddress(hostName, mappedBytes(bytes), -1);
		}
		if (bytes.length == 16) {
			// Kept IPv6 even when mapped (InetAddress.getByAddress would turn a mapped
			// address into IPv4).
			return Inet6Address.getByAddress(hostName, bytes, -1);
		}
		return InetAddress.getByAddress(hostName, bytes);
	}

}
