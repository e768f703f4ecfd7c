package dev.patching.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * One way of connecting per client the socket patch must cover, each to
 * {@code host:port}.
 */
public final class Clients {

	private Clients() {
	}

	@FunctionalInterface
	public interface Connect {

		void to(String host, int port) throws Exception;

	}

	/** Every client, by name, in a stable order. */
	public static Map<String, Connect> all() {
		Map<String, Connect> clients = new LinkedHashMap<>();
		clients.put("Socket.connect", (host, port) -> {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(host, port), 2000);
			}
		});
		clients.put("new Socket(host, port)", (host, port) -> new Socket(host, port).close());
		clients.put("SocketChannel (blocking)", (host, port) -> {
			try (SocketChannel channel = SocketChannel.open()) {
				channel.connect(new InetSocketAddress(host, port));
			}
		});
		clients.put("SocketChannel (non-blocking)", (host, port) -> {
			try (SocketChannel channel = SocketChannel.open()) {
				channel.configureBlocking(false);
				if (!channel.connect(new InetSocketAddress(host, port))) {
					long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
					while (!channel.finishConnect()) {
						if (System.nanoTime() > deadline) {
							throw new IOException("non-blocking connect did not finish");
						}
						Thread.sleep(5);
					}
				}
			}
		});
		clients.put("SocketChannel.socket().connect", (host, port) -> {
			try (SocketChannel channel = SocketChannel.open()) {
				channel.socket().connect(new InetSocketAddress(host, port), 2000);
			}
		});
		clients.put("AsynchronousSocketChannel", (host, port) -> {
			try (AsynchronousSocketChannel channel = AsynchronousSocketChannel.open()) {
				channel.connect(new InetSocketAddress(host, port)).get(2, TimeUnit.SECONDS);
			}
			catch (ExecutionException ex) {
				throw (Exception) ex.getCause();
			}
		});
		clients.put("java.net.http.HttpClient", (host, port) -> get(host, port));
		clients.put("HttpURLConnection", (host, port) -> {
			HttpURLConnection connection = (HttpURLConnection) URI.create("http://" + host + ":" + port + "/")
				.toURL()
				.openConnection();
			connection.setConnectTimeout(2000);
			try (InputStream in = connection.getInputStream()) {
				in.readAllBytes();
			}
			finally {
				connection.disconnect();
			}
		});
		clients.put("Apache HttpClient 5", (host, port) -> {
			try (CloseableHttpClient client = HttpClients.createDefault()) {
				client.execute(new HttpGet("http://" + host + ":" + port + "/"),
						(response) -> EntityUtils.toString(response.getEntity()));
			}
		});
		return clients;
	}

	/** GET http://host:port/ with the JDK HttpClient; the body. */
	public static String get(String host, int port) throws IOException, InterruptedException {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + "/"))
			.timeout(Duration.ofSeconds(5))
			.build();
		return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
	}

}
