package dev.patching.internal.net;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class IpAddressesTest {

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			0.0.0.0                  | 0.0.0.0
			255.255.255.255          | 255.255.255.255
			::                       | ::
			::1                      | ::1
			1::                      | 1::
			FD00:0:0:0:0:0:0:1       | fd00::1
			2001:db8:0:0:1:0:0:1     | 2001:db8::1:0:0:1
			2001:0db8:0:1:0:0:0:1    | 2001:db8:0:1::1
			1:0:0:1:0:0:0:1          | 1:0:0:1::1
			1:2:3:4:5:6:7:8          | 1:2:3:4:5:6:7:8
			1:0:2:3:4:5:6:7          | 1:0:2:3:4:5:6:7
			::ffff:10.0.0.1          | 10.0.0.1
			::ffff:a00:1             | 10.0.0.1
			64:ff9b::192.0.2.33      | 64:ff9b::c000:221
			""")
	void parsesAndPrintsCanonically(String text, String canonical) {
		byte[] bytes = IpAddresses.parse(text);
		assertThat(bytes).isNotNull();
		assertThat(IpAddresses.format(bytes)).isEqualTo(canonical);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "1.2.3", "1.2.3.4.5", "256.0.0.1", "999.1.1.1", "01.2.3.4", "1.2.3.-4", "1..2.3",
			"localhost", "a.test", ":", ":::", "1:::2", "1::2::3", ":1::2", "1::2:", "12345::1", "1:2:3:4:5:6:7:8:9",
			"1:2:3:4:5:6:7::8", "::1.2.3", "::1.2.3.4.5", "1:2:3:4:5:6:7:1.2.3.4", "fe80::1%eth0", "[::1]", "g::1",
			"١.٢.٣.٤", " 1.2.3.4", "::ffff:256.1.1.1" })
	void rejectsWhatIsNotALiteral(String text) {
		assertThat(IpAddresses.parse(text)).isNull();
	}

	@Test
	void keepsMappedAddressesAsSixteenBytesWhenAskedForIpv6() {
		assertThat(IpAddresses.parseIpv6("::ffff:127.0.0.1")).hasSize(16);
		assertThat(IpAddresses.format(IpAddresses.parseIpv6("::ffff:127.0.0.1"))).isEqualTo("::ffff:127.0.0.1");
	}

	@Test
	void readsTheIpv4BitsWithoutTheArray() throws Exception {
		InetAddress address = InetAddress.getByAddress(new byte[] { (byte) 203, 0, 113, 9 });
		assertThat(IpAddresses.ipv4Bits((java.net.Inet4Address) address)).isEqualTo(0xCB007109);
	}

}
