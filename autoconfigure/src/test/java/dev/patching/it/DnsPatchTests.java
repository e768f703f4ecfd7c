package dev.patching.it;

import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import dev.patching.DnsLookup;
import dev.patching.PatchManager;
import dev.patching.it.support.Clients;
import dev.patching.it.support.HttpStub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code patching.dns.hosts}: table names reach loopback servers through every client,
 * with wildcards, any case, a trailing dot and IPv6 answers; answers carry the name asked
 * for.
 */
@SpringBootTest(classes = ItApplication.class,
		properties = { "patching.dns.enabled=true", "patching.dns.hosts[api.partner.test]=127.0.0.1",
				"patching.dns.hosts[*.svc.test]=127.0.0.1", "patching.dns.hosts[v6.test]=::1",
				"patching.dns.hosts[both.test]=127.0.0.1,::1" })
class DnsPatchTests {

	static final HttpStub v4 = new HttpStub("v4");

	static final HttpStub v6 = new HttpStub("v6", loopback6());

	@Autowired
	PatchManager manager;

	@AfterAll
	static void stop() {
		v4.close();
		v6.close();
	}

	@Test
	void httpClientReachesTheServerThroughATableName() throws Exception {
		assertThat(Clients.get("api.partner.test", v4.port())).isEqualTo("hello from v4");
		assertThat(v4.hosts()).contains("api.partner.test:" + v4.port());
	}

	@Test
	void socketReachesTheServerThroughAWildcardNameInAnyCaseWithATrailingDot() throws Exception {
		try (Socket socket = new Socket("Orders.SVC.test.", v4.port())) {
			assertThat(socket.isConnected()).isTrue();
			assertThat(socket.getInetAddress().getHostName()).isEqualTo("Orders.SVC.test.");
		}
	}

	@Test
	void httpUrlConnectionReachesTheServerThroughATableName() throws Exception {
		HttpURLConnection connection = (HttpURLConnection) URI.create("http://billing.svc.test:" + v4.port() + "/")
			.toURL()
			.openConnection();
		try (InputStream in = connection.getInputStream()) {
			assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello from v4");
		}
	}

	@Test
	void anIpv6AnswerWorks() throws Exception {
		InetAddress answer = InetAddress.getByName("v6.test");
		assertThat(answer).isInstanceOf(Inet6Address.class);
		assertThat(answer.isLoopbackAddress()).isTrue();
		assertThat(Clients.get("v6.test", v6.port())).isEqualTo("hello from v6");
	}

	@Test
	void answersCarryTheNameAskedForAndAllAddressesInOrder() throws Exception {
		InetAddress[] all = InetAddress.getAllByName("both.test");
		assertThat(all).extracting(InetAddress::getHostAddress).containsExactly("127.0.0.1", "0:0:0:0:0:0:0:1");
		assertThat(all).extracting(InetAddress::getHostName).containsOnly("both.test");
		all[0] = null;
		assertThat(InetAddress.getAllByName("both.test")).as("a caller changing its answer changes no one else's")
			.doesNotContainNull()
			.hasSize(2);
	}

	@Test
	void ipLiteralsAreNeverTouchedAndLookupsAreRecorded() throws Exception {
		this.manager.clearRecords();
		InetAddress.getByName("127.0.0.9");
		InetAddress.getByName("api.partner.test");
		assertThat(this.manager.dnsLookups()).singleElement().satisfies((lookup) -> {
			assertThat(lookup.name()).isEqualTo("api.partner.test");
			assertThat(lookup.outcome()).isEqualTo(DnsLookup.Outcome.ANSWERED);
			assertThat(lookup.answers()).extracting(InetAddress::getHostAddress).containsExactly("127.0.0.1");
			assertThat(lookup.thread()).isEqualTo(Thread.currentThread().getName());
		});
	}

	@Test
	void aNamePassedToTheSystemResolverIsRecordedWithWhatItAnswered() throws Exception {
		this.manager.clearRecords();
		InetAddress[] all = InetAddress.getAllByName("localhost");
		assertThat(all).isNotEmpty();
		assertThat(this.manager.dnsLookups()).singleElement().satisfies((lookup) -> {
			assertThat(lookup.name()).isEqualTo("localhost");
			assertThat(lookup.outcome()).isEqualTo(DnsLookup.Outcome.SYSTEM);
			assertThat(lookup.answers()).as("answers from the table").isEmpty();
			assertThat(lookup.systemAnswers()).as("what the system resolver gave the caller").containsExactly(all);
			assertThat(lookup.systemFailure()).isNull();
		});
	}

	private static InetAddress loopback6() {
		try {
			return InetAddress.getByName("::1");
		}
		catch (java.net.UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
