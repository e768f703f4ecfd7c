package dev.patching.robustness;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP "proxy" on 127.0.0.1 that forwards nothing: it records each request line and
 * answers {@code 200 proxied} itself, so a test can see which destination a client asked
 * a proxy for.
 */
final class FakeHttpProxy implements AutoCloseable {

	private final ServerSocket server;

	private final List<String> requestLines = new CopyOnWriteArrayList<>();

	FakeHttpProxy() {
		try {
			this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Thread acceptor = new Thread(this::serve, "fake-http-proxy-" + this.server.getLocalPort());
		acceptor.setDaemon(true);
		acceptor.start();
	}

	private void serve() {
		while (!this.server.isClosed()) {
			try (Socket socket = this.server.accept()) {
				socket.setSoTimeout(5000);
				String head = readHead(socket.getInputStream());
				this.requestLines.add(head.lines().findFirst().orElse(""));
				OutputStream out = socket.getOutputStream();
				out.write("HTTP/1.1 200 OK\r\nContent-Length: 7\r\nConnection: close\r\n\r\nproxied"
					.getBytes(StandardCharsets.US_ASCII));
				out.flush();
			}
			catch (IOException ex) {
				// closed, or a client that went away
			}
		}
	}

	private static String readHead(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		byte[] end = { '\r', '\n', '\r', '\n' };
		int b;
		while (matched < 4 && (b = in.read()) >= 0) {
			head.write(b);
			matched = (b == end[matched]) ? matched + 1 : (b == '\r' ? 1 : 0);
		}
		return head.toString(StandardCharsets.US_ASCII);
	}

	InetSocketAddress address() {
		return new InetSocketAddress(InetAddress.getLoopbackAddress(), this.server.getLocalPort());
	}

	List<String> requestLines() {
		return this.requestLines;
	}

	@Override
	public void close() throws IOException {
		this.server.close();
	}

}
