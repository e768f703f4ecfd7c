package dev.patching.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * A TCP server on 127.0.0.1 that never answers and only counts the connections the kernel
 * completed for it (a non-blocking accept drains the backlog), so "zero accepted" proves that no
 * handshake reached it.
 */
final class LoopbackServer implements AutoCloseable {

	private final ServerSocketChannel channel;

	private int accepted;

	LoopbackServer() {
		try {
			this.channel = ServerSocketChannel.open();
			this.channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			this.channel.configureBlocking(false);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	InetSocketAddress address() {
		try {
			return (InetSocketAddress) this.channel.getLocalAddress();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	int port() {
		return address().getPort();
	}

	/** Connections completed so far, without waiting. */
	int accepted() {
		drain();
		return this.accepted;
	}

	/** Waits up to two seconds for at least {@code expected} connections, then counts them. */
	int awaitAccepted(int expected) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
		while (accepted() < expected && System.nanoTime() < deadline) {
			Thread.sleep(5);
		}
		return this.accepted;
	}

	private void drain() {
		try {
			SocketChannel client;
			while ((client = this.channel.accept()) != null) {
				client.close();
				this.accepted++;
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() throws IOException {
		this.channel.close();
	}

}
