package dev.patching.it;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.patching.ConnectionAttempt;
import dev.patching.ConnectionBlockedException;
import dev.patching.PatchManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * UDP datagrams sent without {@code connect} pass the socket policy: with loopback not
 * allowed, {@code DatagramSocket}, {@code DatagramChannel} and {@code MulticastSocket}
 * sends fail naming the destination and the property, and nothing arrives; a redirect
 * from one loopback port to another delivers the datagram to the other. Loopback only.
 */
@SpringBootTest(classes = ItApplication.class,
		properties = { "patching.socket.enabled=true", "patching.socket.allow-loopback=false" })
class DatagramTests {

	static final Receiver blocked = new Receiver();

	static final Receiver asked = new Receiver();

	static final Receiver target = new Receiver();

	static final Receiver looped = new Receiver();

	@DynamicPropertySource
	static void redirect(DynamicPropertyRegistry registry) {
		registry.add("patching.socket.redirect[127.0.0.1:" + asked.port() + "]", () -> "127.0.0.1:" + target.port());
	}

	@Autowired
	PatchManager manager;

	@AfterAll
	static void close() throws IOException {
		blocked.close();
		asked.close();
		target.close();
		looped.close();
	}

	@BeforeEach
	void forget() {
		this.manager.clearRecords();
	}

	@Test
	void everyUnconnectedSendToABlockedDestinationFailsNamingItAndTheProperty() throws Exception {
		InetSocketAddress destination = new InetSocketAddress("127.0.0.1", blocked.port());
		Map<String, Send> senders = Map.of("DatagramSocket.send", DatagramTests::viaSocket, "DatagramChannel.send",
				DatagramTests::viaChannel, "MulticastSocket.send", DatagramTests::viaMulticastSocket);
		for (Map.Entry<String, Send> sender : senders.entrySet()) {
			Throwable thrown = catchThrowable(() -> sender.getValue().send(destination, sender.getKey()));
			assertThat(thrown).as(sender.getKey())
				.isInstanceOf(ConnectionBlockedException.class)
				.isInstanceOf(IOException.class)
				.hasMessageStartingWith("Datagram to 127.0.0.1:" + blocked.port() + " blocked by the socket patch.")
				.hasMessageContaining("patching.socket.allow-loopback=true");
		}
		assertThat(blocked.receive(300)).as("nothing arrived").isNull();
		assertThat(this.manager.connectionAttempts()).hasSize(3).allSatisfy((attempt) -> {
			assertThat(attempt.outcome()).isEqualTo(ConnectionAttempt.Outcome.BLOCKED);
			assertThat(attempt.port()).isEqualTo(blocked.port());
		});
	}

	@Test
	void aSenderInALoopGetsStackTracesForItsFirstRefusalsOnlyAndEveryRefusalIsRecorded() throws Exception {
		InetSocketAddress destination = new InetSocketAddress("127.0.0.1", looped.port());
		List<Throwable> refusals = new ArrayList<>();
		try (DatagramChannel channel = DatagramChannel.open()) {
			for (int i = 0; i < 20; i++) {
				ByteBuffer datagram = ByteBuffer.wrap(new byte[] { 1 });
				refusals.add(catchThrowable(() -> channel.send(datagram, destination)));
			}
		}
		assertThat(refusals).allSatisfy((refusal) -> assertThat(refusal).isInstanceOf(ConnectionBlockedException.class)
			.hasMessageStartingWith("Datagram to 127.0.0.1:" + looped.port() + " blocked by the socket patch."));
		assertThat(refusals.subList(0, 16)).allSatisfy((refusal) -> {
			assertThat(refusal.getStackTrace()).isNotEmpty();
			assertThat(refusal.getStackTrace()).anySatisfy((frame) -> assertThat(frame.getMethodName())
				.isEqualTo("aSenderInALoopGetsStackTracesForItsFirstRefusalsOnlyAndEveryRefusalIsRecorded"));
		});
		assertThat(refusals.subList(16, 20)).allSatisfy((refusal) -> {
			assertThat(refusal.getStackTrace()).isEmpty();
			assertThat(refusal).hasMessageContaining("No stack trace: more than 16 datagrams to this destination");
		});
		assertThat(looped.receive(300)).as("nothing arrived").isNull();
		assertThat(this.manager.connectionAttempts()).hasSize(20)
			.allSatisfy((attempt) -> assertThat(attempt.outcome()).isEqualTo(ConnectionAttempt.Outcome.BLOCKED));
	}

	@Test
	void aRedirectSendsTheDatagramToItsTarget() throws Exception {
		InetSocketAddress destination = new InetSocketAddress("127.0.0.1", asked.port());
		viaSocket(destination, "by socket");
		viaChannel(destination, "by channel");
		assertThat(target.receive(5000)).isEqualTo("by socket");
		assertThat(target.receive(5000)).isEqualTo("by channel");
		assertThat(asked.receive(300)).as("nothing reached the port asked for").isNull();
		assertThat(this.manager.connectionAttempts()).hasSize(2).allSatisfy((attempt) -> {
			assertThat(attempt.outcome()).isEqualTo(ConnectionAttempt.Outcome.REDIRECTED);
			assertThat(attempt.port()).isEqualTo(asked.port());
			assertThat(attempt.redirectedTo()).isEqualTo(new InetSocketAddress("127.0.0.1", target.port()));
		});
	}

	static void viaSocket(InetSocketAddress destination, String text) throws IOException {
		try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
			byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
			socket.send(new DatagramPacket(bytes, bytes.length, destination));
		}
	}

	static void viaChannel(InetSocketAddress destination, String text) throws IOException {
		try (DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET)) {
			channel.send(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), destination);
		}
	}

	static void viaMulticastSocket(InetSocketAddress destination, String text) throws IOException {
		try (MulticastSocket socket = new MulticastSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
			byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
			socket.send(new DatagramPacket(bytes, bytes.length, destination));
		}
	}

	@FunctionalInterface
	interface Send {

		void send(InetSocketAddress destination, String text) throws IOException;

	}

	/** A UDP socket bound to 127.0.0.1 that hands out what arrives. */
	static final class Receiver implements AutoCloseable {

		private final DatagramSocket socket;

		Receiver() {
			try {
				this.socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
			}
			catch (IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
		}

		int port() {
			return this.socket.getLocalPort();
		}

		/** The next datagram's text, or none when nothing arrives within the time. */
		String receive(int millis) throws IOException {
			byte[] buffer = new byte[512];
			DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
			this.socket.setSoTimeout(millis);
			try {
				this.socket.receive(packet);
			}
			catch (java.net.SocketTimeoutException ex) {
				return null;
			}
			return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
		}

		@Override
		public void close() {
			this.socket.close();
		}

	}

}
