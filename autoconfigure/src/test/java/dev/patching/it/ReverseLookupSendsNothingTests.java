package dev.patching.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import dev.patching.it.support.ForkedJvm;
import dev.patching.it.support.Journal;
import dev.patching.it.support.Scenario;
import dev.patching.it.support.ScenarioMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A reverse lookup that the DNS patch answers ({@code getHostName()} and
 * {@code getCanonicalHostName()} of an address without a name, refused under
 * {@code patching.dns.unlisted=refuse} or listed in the table) sends no DNS query at all,
 * as counted by a name server that receives every query the JVM's resolver sends.
 *
 * <p>
 * The JVM's resolver is replaced by one that sends a real PTR query for each reverse
 * lookup (e.g. {@code 9.0.0.127.in-addr.arpa}) as a UDP packet to a name server on
 * 127.0.0.1, waits for its answer (always "no such name") and reports no name, as the
 * JDK's own resolver does when it finds none. The name server records every query it
 * receives. In one forked JVM: with the DNS patch off a reverse lookup is seen there (the
 * path really sends a query); with the patch on, refused and listed reverse lookups
 * answer and the name server receives nothing; with the patch off again, after it, the
 * query is seen again (the name server was listening all along).
 *
 * <p>
 * Replacing the resolver needs {@code java.net.spi.InetAddressResolverProvider} (JDK
 * 18+), so the test is skipped on JDK 17. The test sources compile for release 17, so the
 * provider is compiled at test time with the running JDK's compiler into a temporary
 * directory, together with its {@code META-INF/services} file; only the forked JVM has
 * that directory on its class path, and the test JVM's resolver stays the JDK's.
 *
 * <p>
 * Only loopback: the resolver sends to 127.0.0.1 only and never asks another resolver for
 * an address's name (forward lookups go to the JDK's built-in resolver, as without it),
 * and the listed name is under {@code .test}.
 */
class ReverseLookupSendsNothingTests {

	/** The system property that gives the resolver its name server's port. */
	static final String PORT_PROPERTY = "it.ptr.port";

	static final String PROVIDER = "dev.patching.it.ptr.QueryingResolverProvider";

	@Test
	void aReverseLookupAnsweredByThePatchSendsNoQueryWhereAnUnpatchedOneSendsOne(@TempDir Path temp) throws Exception {
		assumeTrue(Runtime.version().feature() >= 18,
				"replacing the JVM's resolver needs java.net.spi.InetAddressResolverProvider (JDK 18+), this is "
						+ Runtime.version());
		JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
		assumeTrue(javac != null, "no Java compiler in this runtime to compile the test resolver with");
		Path classes = compileProvider(javac, temp);

		ForkedJvm.Result result = ForkedJvm.run(List.of(), List.of(classes), Main.class.getName(),
				Control.class.getName(), Patched.class.getName(), ControlAgain.class.getName());

		assertThat(result.output()).contains("SUCCEEDED 3", "FAILURES none",
				"JOURNAL [Control sent [9.0.0.127.in-addr.arpa], Patched sent [], ControlAgain sent [9.0.0.127.in-addr.arpa]]",
				"VERDICT ok");
		assertThat(result.exitCode()).isZero();
	}

	private static Path compileProvider(JavaCompiler javac, Path temp) throws IOException {
		Path source = temp.resolve("src").resolve(PROVIDER.substring(PROVIDER.lastIndexOf('.') + 1) + ".java");
		Path classes = temp.resolve("classes");
		Files.createDirectories(source.getParent());
		Files.createDirectories(classes);
		Files.writeString(source, PROVIDER_SOURCE);
		ByteArrayOutputStream messages = new ByteArrayOutputStream();
		int exit = javac.run(null, messages, messages, "-proc:none", "-d", classes.toString(), source.toString());
		assertThat(exit).as(messages.toString(StandardCharsets.UTF_8)).isZero();
		Path services = classes.resolve("META-INF/services/java.net.spi.InetAddressResolverProvider");
		Files.createDirectories(services.getParent());
		Files.writeString(services, PROVIDER + "\n");
		return classes;
	}

	static InetAddress unnamed(int last) throws UnknownHostException {
		// A new address each time: an InetAddress keeps the name it was given.
		return InetAddress.getByAddress(new byte[] { 127, 0, 0, (byte) last });
	}

	/**
	 * The forked JVM's main: starts the name server, gives the resolver its port, then
	 * runs the scenario classes named in {@code args}.
	 */
	public static final class Main {

		static volatile CountingNameServer server;

		public static void main(String[] args) throws Exception {
			server = new CountingNameServer();
			System.setProperty(PORT_PROPERTY, String.valueOf(server.port()));
			ScenarioMain.main(args);
		}

	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class, properties = "patching.dns.enabled=false")
	static class Control {

		@Test
		void aReverseLookupSendsAQuery() throws Exception {
			int before = Main.server.queries().size();
			assertThat(unnamed(9).getHostName()).isEqualTo("127.0.0.9");
			// The resolver waited for the answer, which is sent after the query is
			// recorded.
			List<String> sent = Main.server.queriesSince(before);
			Journal.add(getClass().getSimpleName() + " sent " + sent);
			assertThat(sent).containsExactly("9.0.0.127.in-addr.arpa");
		}

	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class, properties = { "patching.dns.enabled=true",
			"patching.dns.unlisted=refuse", "patching.dns.hosts[some.test]=127.0.0.7" })
	static class Patched {

		@Test
		void refusedAndListedReverseLookupsSendNoQuery() throws Exception {
			int before = Main.server.queries().size();
			List<String> names = List.of(unnamed(9).getHostName(), unnamed(10).getCanonicalHostName(),
					unnamed(7).getHostName(), unnamed(7).getCanonicalHostName());
			// Time for a packet sent some other way than the resolver waiting for it.
			Thread.sleep(200);
			List<String> sent = Main.server.queriesSince(before);
			Journal.add(getClass().getSimpleName() + " sent " + sent);
			assertThat(names).containsExactly("127.0.0.9", "127.0.0.10", "some.test", "some.test");
			assertThat(sent).isEmpty();
		}

	}

	/** The patched context still cached, the patch off again: the query is sent again. */
	@Scenario
	static class ControlAgain extends Control {

	}

	/**
	 * A name server on 127.0.0.1 that records the question of every query it receives and
	 * answers each "no such name" (so the resolver need not wait for a timeout).
	 */
	static final class CountingNameServer {

		private final DatagramSocket socket;

		private final List<String> queries = new ArrayList<>();

		CountingNameServer() throws IOException {
			this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			Thread receiver = new Thread(this::receive, "counting-name-server");
			receiver.setDaemon(true);
			receiver.start();
		}

		int port() {
			return this.socket.getLocalPort();
		}

		synchronized List<String> queries() {
			return List.copyOf(this.queries);
		}

		synchronized List<String> queriesSince(int count) {
			return List.copyOf(this.queries.subList(count, this.queries.size()));
		}

		private synchronized void record(String question) {
			this.queries.add(question);
		}

		private void receive() {
			byte[] buffer = new byte[512];
			while (!this.socket.isClosed()) {
				DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
				try {
					this.socket.receive(packet);
				}
				catch (IOException ex) {
					return;
				}
				byte[] query = Arrays.copyOf(packet.getData(), packet.getLength());
				record(question(query));
				if (query.length >= 12) {
					answerNoSuchName(query, packet);
				}
			}
		}

		private void answerNoSuchName(byte[] query, DatagramPacket from) {
			byte[] answer = query.clone();
			// QR (a response), the query's opcode and RD kept; RA, RCODE 3 (NXDOMAIN).
			answer[2] = (byte) (query[2] | 0x80);
			answer[3] = (byte) 0x83;
			try {
				this.socket.send(new DatagramPacket(answer, answer.length, from.getSocketAddress()));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		/** The question's name, dotted, or what was received when it is not a query. */
		private static String question(byte[] query) {
			StringBuilder name = new StringBuilder();
			int at = 12;
			while (at < query.length && query[at] != 0) {
				int length = query[at] & 0xff;
				if (at + 1 + length > query.length) {
					return "malformed " + Arrays.toString(query);
				}
				name.append(name.isEmpty() ? "" : ".")
					.append(new String(query, at + 1, length, StandardCharsets.US_ASCII));
				at += 1 + length;
			}
			return (at < query.length) ? name.toString() : "malformed " + Arrays.toString(query);
		}

	}

	/**
	 * The resolver the forked JVM loads through {@code META-INF/services}: a reverse
	 * lookup sends a PTR query to the name server on 127.0.0.1 at port
	 * {@value #PORT_PROPERTY}, waits for its answer and reports no name; forward lookups
	 * go to the built-in resolver.
	 */
	static final String PROVIDER_SOURCE = """
			package dev.patching.it.ptr;

			import java.io.ByteArrayOutputStream;
			import java.io.IOException;
			import java.net.DatagramPacket;
			import java.net.DatagramSocket;
			import java.net.InetAddress;
			import java.net.InetSocketAddress;
			import java.net.UnknownHostException;
			import java.net.spi.InetAddressResolver;
			import java.net.spi.InetAddressResolverProvider;
			import java.nio.charset.StandardCharsets;
			import java.util.stream.Stream;

			public final class QueryingResolverProvider extends InetAddressResolverProvider {

				@Override
				public InetAddressResolver get(Configuration configuration) {
					InetAddressResolver builtin = configuration.builtinResolver();
					return new InetAddressResolver() {

						@Override
						public Stream<InetAddress> lookupByName(String host, LookupPolicy policy)
								throws UnknownHostException {
							return builtin.lookupByName(host, policy);
						}

						@Override
						public String lookupByAddress(byte[] address) throws UnknownHostException {
							query(ptrName(address));
							throw new UnknownHostException("no name for this address (test resolver)");
						}

					};
				}

				@Override
				public String name() {
					return "PTR queries to a loopback name server";
				}

				static String ptrName(byte[] address) {
					StringBuilder name = new StringBuilder();
					if (address.length == 4) {
						for (int i = 3; i >= 0; i--) {
							name.append(address[i] & 0xff).append('.');
						}
						return name.append("in-addr.arpa").toString();
					}
					for (int i = address.length - 1; i >= 0; i--) {
						name.append(Integer.toHexString(address[i] & 0x0f)).append('.');
						name.append(Integer.toHexString((address[i] >> 4) & 0x0f)).append('.');
					}
					return name.append("ip6.arpa").toString();
				}

				static void query(String name) throws UnknownHostException {
					String port = System.getProperty("%s");
					if (port == null) {
						throw new UnknownHostException("no name server port given to the test resolver");
					}
					ByteArrayOutputStream packet = new ByteArrayOutputStream();
					// ID, flags (RD), one question, no other records.
					packet.writeBytes(new byte[] { 0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0 });
					for (String label : name.split("[.]")) {
						byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
						packet.write(bytes.length);
						packet.writeBytes(bytes);
					}
					// End of name, QTYPE PTR (12), QCLASS IN (1).
					packet.writeBytes(new byte[] { 0, 0, 12, 0, 1 });
					byte[] query = packet.toByteArray();
					InetAddress loopback = InetAddress.getByAddress(new byte[] { 127, 0, 0, 1 });
					try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
						socket.setSoTimeout(10_000);
						socket.send(new DatagramPacket(query, query.length, loopback, Integer.parseInt(port)));
						socket.receive(new DatagramPacket(new byte[512], 512));
					}
					catch (IOException ex) {
						throw new UnknownHostException("test name server: " + ex);
					}
				}

			}
			""".formatted(PORT_PROPERTY);

}
