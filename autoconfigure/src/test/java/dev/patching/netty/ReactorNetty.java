package dev.patching.netty;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.resolver.dns.SingletonDnsServerAddressStreamProvider;
import io.netty.util.concurrent.DefaultThreadFactory;
import reactor.netty.http.client.HttpClient;

import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * reactor-netty's {@link HttpClient} as a user gets it (a native transport, Netty's DNS
 * resolver), with two test changes: its only name server is a {@link SilentNameServer} on
 * loopback, and no connection pool, so that every request connects.
 */
final class ReactorNetty {

	/** The native transport the client connects with. */
	enum Transport {

		/**
		 * Netty's epoll transport, on an epoll event loop group of its own: with Netty
		 * 4.2's io_uring transport on the class path, reactor-netty 1.3's default loop
		 * would pick io_uring instead.
		 */
		EPOLL,

		/**
		 * reactor-netty's default loop, which reactor-netty 1.3 runs on Netty 4.2's
		 * io_uring transport whenever it is on the class path and available.
		 */
		IO_URING

	}

	static final Duration TIMEOUT = Duration.ofSeconds(10);

	/** One epoll event loop thread (a daemon) for every epoll client of the JVM. */
	private static EventLoopGroup epollGroup;

	final Transport transport;

	/** The channel classes the client created, in order. */
	final Queue<Class<?>> channels = new ConcurrentLinkedQueue<>();

	final HttpClient httpClient;

	ReactorNetty(SilentNameServer nameServer) {
		this(nameServer, Transport.EPOLL);
	}

	ReactorNetty(SilentNameServer nameServer, Transport transport) {
		this.transport = transport;
		HttpClient client = HttpClient.newConnection();
		if (transport == Transport.EPOLL) {
			client = client.runOn(epollGroup());
		}
		this.httpClient = client
			.resolver(spec -> spec.queryTimeout(Duration.ofMillis(500))
				.maxQueriesPerResolve(1)
				.searchDomains(List.of())
				.dnsAddressResolverGroupProvider(builder -> new DnsAddressResolverGroup(
						builder.nameServerProvider(new SingletonDnsServerAddressStreamProvider(nameServer.address())))))
			.doOnChannelInit((observer, channel, remote) -> this.channels.add(channel.getClass()))
			.responseTimeout(TIMEOUT);
	}

	/** The body of a GET, through reactor-netty's HttpClient. */
	String get(String url) {
		return this.httpClient.get().uri(url).responseContent().aggregate().asString().block(TIMEOUT);
	}

	/** The body of a GET, through Spring's WebClient on the same HttpClient. */
	String webClientGet(String url) {
		return WebClient.builder()
			.clientConnector(new ReactorClientHttpConnector(this.httpClient))
			.build()
			.get()
			.uri(url)
			.retrieve()
			.bodyToMono(String.class)
			.block(TIMEOUT);
	}

	/**
	 * The precondition of every Netty test: the connect went through the native transport
	 * asked for.
	 */
	void assertTransportWasUsed() {
		if (this.transport == Transport.EPOLL) {
			assertThat(Epoll.isAvailable()).as("Netty's epoll transport is available (%s)", Epoll.unavailabilityCause())
				.isTrue();
			assertThat(this.channels).as("channels reactor-netty created")
				.isNotEmpty()
				.allMatch(EpollSocketChannel.class::equals);
		}
		else {
			try {
				assertThat(IoUringClient.available())
					.as("Netty's io_uring transport is available (%s)", IoUringClient.unavailabilityCause())
					.isTrue();
			}
			catch (ReflectiveOperationException ex) {
				throw new AssertionError("Netty's io_uring transport is not on the class path", ex);
			}
			assertThat(this.channels).as("channels reactor-netty created")
				.isNotEmpty()
				.allMatch((type) -> type.getName().equals(IoUringClient.SOCKET_CHANNEL));
		}
	}

	private static synchronized EventLoopGroup epollGroup() {
		if (epollGroup == null) {
			epollGroup = new EpollEventLoopGroup(1, new DefaultThreadFactory("reactor-netty-epoll", true));
		}
		return epollGroup;
	}

}
