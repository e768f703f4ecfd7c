package dev.patching.internal.dns;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.patching.PatchingConfigurationException;
import dev.patching.internal.net.IpAddresses;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/** Property-based tests of IP literals and host-table values. */
class HostTableProperties {

	private static final String PROPERTY = "patching.dns.hosts[api.test]";

	@Property(tries = 2000)
	void everyAddressPrintsToALiteralThatParsesBackToIt(@ForAll("addressBytes") byte[] bytes) throws Exception {
		String literal = IpAddresses.format(bytes);
		byte[] expected = IpAddresses.isMapped(bytes) ? Arrays.copyOfRange(bytes, 12, 16) : bytes;
		assertThat(IpAddresses.parse(literal)).isEqualTo(expected);
		// The JDK reads our literal the same way (a literal never reaches the resolver).
		assertThat(InetAddress.getByName(literal).getAddress()).isEqualTo(expected);
	}

	@Property(tries = 3000)
	void anyValueGivesATableOrTheConfigurationErrorNothingElse(@ForAll("valueLikeText") String value) {
		checkTableOrError(value);
	}

	@Property(tries = 2000)
	void arbitraryUnicodeGivesATableOrTheConfigurationErrorNothingElse(@ForAll String value) {
		checkTableOrError(value);
	}

	@Property(tries = 1000)
	void listedAddressesAreAnsweredInOrder(@ForAll("addressLists") List<byte[]> addresses) {
		String value = String.join(",", addresses.stream().map(IpAddresses::format).toList());
		InetAddress[] answer = HostTable.of(Map.of("api.test", value)).answer("API.test.");
		List<String> expected = addresses.stream()
			.map((bytes) -> IpAddresses.format(IpAddresses.parse(IpAddresses.format(bytes))))
			.distinct()
			.toList();
		assertThat(answer).extracting((address) -> IpAddresses.format(address.getAddress()))
			.containsExactlyElementsOf(expected);
		assertThat(answer).allSatisfy((address) -> assertThat(address.toString()).startsWith("API.test./"));
	}

	private static void checkTableOrError(String value) {
		HostTable table;
		try {
			table = HostTable.of(Map.of("api.test", value));
		}
		catch (PatchingConfigurationException ex) {
			assertThat(ex.getProperty()).isEqualTo(PROPERTY);
			assertThat(ex.getValue()).isEqualTo(value);
			assertThat(ex.getMessage()).contains("'" + PROPERTY + "'", "'" + value + "'",
					"one or more IPv4 or IPv6 literals separated by commas");
			return;
		}
		InetAddress[] answer = table.answer("api.test");
		assertThat(answer).isNotEmpty();
		assertThat(HostTable.of(Map.of("api.test", String.join(",", table.entries().get("api.test")))))
			.isEqualTo(table);
	}

	@Provide
	Arbitrary<byte[]> addressBytes() {
		return Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofSize(4),
				Arbitraries.bytes().array(byte[].class).ofSize(16),
				Arbitraries.bytes().array(byte[].class).ofSize(16).map((bytes) -> {
					Arrays.fill(bytes, 0, 12, (byte) 0);
					return bytes;
				}), Arbitraries.bytes().array(byte[].class).ofSize(4).map((v4) -> {
					byte[] mapped = new byte[16];
					mapped[10] = (byte) 0xff;
					mapped[11] = (byte) 0xff;
					System.arraycopy(v4, 0, mapped, 12, 4);
					return mapped;
				}));
	}

	@Provide
	Arbitrary<List<byte[]>> addressLists() {
		return addressBytes().list().ofMinSize(1).ofMaxSize(4);
	}

	@Provide
	Arbitrary<String> valueLikeText() {
		return Arbitraries.strings().withChars("0123456789abcdefABF.:,[] %g").ofMinLength(0).ofMaxLength(30);
	}

}
