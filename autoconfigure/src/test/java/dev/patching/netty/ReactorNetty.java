package dev.patching.netty;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.resolver.dns.SingletonDnsServerAddressStreamProvider;
import reactor.netty.http.client.HttpClient;

import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * reactor-netty's {@link HttpClient} as a user gets it (epoll transport, Netty's DNS
 * resolver), with two test changes: its only name server is a {@link SilentNameServer} on
 * loopback, and no connection pool, so that every request connects.
 */
final class ReactorNetty {

	static final Duration TIMEOUT = Duration.ofSeconds(10);

	/** The channel classes the client created, in order. */
	final Queue<Class<?>> channels = new ConcurrentLinkedQueue<>();

	final HttpClient httpClient;

	ReactorNetty(SilentNameServer nameServer) {
		this.httpClient = HttpClient.newConnection()
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
	 * The precondition of every Netty test: the connect went through the native epoll
	 * transport.
	 */
	void assertEpollWasUsed() {
		assertThat(Epoll.isAvailable()).as("Netty's epoll transport is available (%s)", Epoll.unavailabilityCause())
			.isTrue();
		assertThat(this.channels).as("channels reactor-netty created")
			.isNotEmpty()
			.allMatch(EpollSocketChannel.class::equals);
	}

}
