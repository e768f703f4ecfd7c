package dev.patching.sample;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

import dev.patching.PatchManager;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code patching.enabled=false} switches off every patch of this context, whatever else
 * its properties say: the suite-wide socket and DNS patches, and the feature flags asked
 * for here. It runs in the same JVM as the patched classes.
 */
@Order(10)
@SpringBootTest(properties = { "patching.enabled=false", "patching.socket.allow-loopback=false",
		"patching.feature-flags.enabled=true", "patching.feature-flags.flags[new-pricing]=true" })
class PatchingDisabledTests {

	@Autowired
	PatchManager patching;

	@Test
	void nothingIsPatched() {
		assertThat(this.patching.isEnabled()).isFalse();
		assertThat(this.patching.patches()).isEmpty();
		assertThat(FeatureFlags.isEnabled(QuoteService.NEW_PRICING)).isFalse();
	}

	@Test
	void aLoopbackConnectThatThePatchWouldBlockGoesThrough() throws IOException {
		InetAddress loopback = InetAddress.getLoopbackAddress();
		try (ServerSocket server = new ServerSocket(0, 1, loopback); Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(loopback, server.getLocalPort()), 2000);
			assertThat(socket.isConnected()).isTrue();
		}
		assertThat(this.patching.connectionAttempts()).isEmpty();
	}

}
